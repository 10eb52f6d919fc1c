using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// What every run of signal-propagation shares: the width of the random nets. The sweep
/// (<see cref="SignalPropagationConfig"/>) and each run (<see cref="SignalPropagationRun"/>) derive from it.
/// </summary>
public record SignalPropagationSettings : ExperimentConfig
{
    /// <summary>Width n of every hidden layer (and of the input).</summary>
    [Positive]
    public int Width { get; init; } = 512;
}
