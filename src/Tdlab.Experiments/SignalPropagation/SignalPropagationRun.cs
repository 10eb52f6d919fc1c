namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// One run: <paramref name="Activation"/> "relu" (weights N(0, 2 rho / n), biases N(0, E B^2)) or "tanh"
/// (weights N(0, sigma_w^2 / n), biases N(0, sigma_b^2)); <paramref name="Nets"/> independent nets of
/// <paramref name="Layers"/> layers, width <paramref name="Width"/>, <paramref name="Batch"/> inputs each.
/// </summary>
public sealed record SignalPropagationRun(
    string Activation, int Width, int Layers, int Nets, int Batch, double Rho, double SigmaW2, double SigmaB2)
{
    public const string Relu = "relu";
    public const string Tanh = "tanh";
}
