namespace Tdlab.Experiments.InitVariance;

/// <summary>How init-variance draws the weights: N(0, sigma^2) of the sweep, Xavier-normal, or Kaiming-normal (fan_in).</summary>
public enum Scheme
{
    Normal,
    Xavier,
    Kaiming,
}
