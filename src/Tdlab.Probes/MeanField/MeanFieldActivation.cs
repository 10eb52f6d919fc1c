namespace Tdlab.Probes.MeanField;

/// <summary>A pointwise nonlinearity phi with its derivative phi', as the mean-field maps need them.</summary>
public sealed record MeanFieldActivation(string Name, Func<double, double> Phi, Func<double, double> Derivative, bool Bounded)
{
    /// <summary>phi = tanh, phi' = 1 - tanh^2 = sech^2.</summary>
    public static MeanFieldActivation Tanh { get; } = new("tanh", Math.Tanh, x => 1 - Math.Tanh(x) * Math.Tanh(x), true);

    /// <summary>phi = max(0, x), phi' = 1{x &gt; 0}.</summary>
    public static MeanFieldActivation Relu { get; } = new("relu", x => Math.Max(0, x), x => x > 0 ? 1 : 0, false);

    /// <summary>phi = x (deep linear nets).</summary>
    public static MeanFieldActivation Linear { get; } = new("linear", x => x, _ => 1, false);
}
