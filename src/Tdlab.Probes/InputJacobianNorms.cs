namespace Tdlab.Probes;

/// <summary>
/// ||J(x_i)||_2 for every example x_i of a batch, J(x_i) = df(x_i)/dx_i (out, in). Each is a lower bound on
/// the Lipschitz constant of f; <see cref="Max"/> is the empirical (batch) lower bound.
/// </summary>
public sealed record InputJacobianNorms(double[] PerExample)
{
    public double Max => PerExample.DefaultIfEmpty(double.NaN).Max();

    public double Mean => PerExample.DefaultIfEmpty(double.NaN).Average();
}
