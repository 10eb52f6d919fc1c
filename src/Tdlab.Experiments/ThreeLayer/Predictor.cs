namespace Tdlab.Experiments.ThreeLayer;

/// <summary>A model's output f(x) for one input row x (d).</summary>
public delegate double Predictor(ReadOnlySpan<double> x);
