namespace Tdlab.Probes.Hessian;

/// <summary>
/// The top-k eigenpairs of a symmetric operator from <see cref="TopEigenpairs"/>: Values (k) descending; Vectors[j]
/// (n) the unit Ritz vector of Values[j]; Residuals[j] = ||A x_j - Values[j] x_j||, computed by one extra product
/// per pair (so |Values[j] - lambda| &lt;= Residuals[j] for some eigenvalue lambda of A, and Residuals^2 / gap bounds
/// the error of an isolated one); Iterations the Lanczos steps; Products every product used (steps + k);
/// Seconds the wall time.
/// </summary>
public sealed record Eigenpairs(double[] Values, double[][] Vectors, double[] Residuals, int Iterations, long Products, double Seconds)
{
    /// <summary>Values[0], the sharpness when A is a loss Hessian.</summary>
    public double Top => Values[0];

    /// <summary>A warm start for the next estimate on a nearby operator: the sum of the Ritz vectors.</summary>
    public double[] WarmStart()
    {
        var start = new double[Vectors[0].Length];
        foreach (var v in Vectors)
            for (int i = 0; i < start.Length; i++) start[i] += v[i];
        return start;
    }
}
