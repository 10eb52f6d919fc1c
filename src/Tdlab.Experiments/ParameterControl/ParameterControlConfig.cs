using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>The sweep: H4 over nu, H5/H6 over cone cosines at one nu, H7 over bottlenecks and nu, and the toy.</summary>
public sealed record ParameterControlConfig : ParameterControlSettings
{
    /// <summary>Frequencies of the H4 runs (w initialised to w*, and the 1-D learner).</summary>
    [Positive]
    public double[] WStarNus { get; init; } = [0.5, 1];

    /// <summary>Frequency of the H5 and H6 runs.</summary>
    [Positive]
    public double ControlNu { get; init; } = 1;

    /// <summary>Initial CosSim (cone initialisation) of the H5 and H6 runs and their baseline.</summary>
    [NotEmpty]
    [Between(0, 0.999)]
    public double[] ConeCosines { get; init; } = [0.6];

    /// <summary>Bottleneck widths k of the H7 runs (1 is the baseline, LeCun w).</summary>
    [Positive]
    public int[] Bottlenecks { get; init; } = [1, 2];

    /// <summary>Frequencies of the H7 runs.</summary>
    [Positive]
    public double[] BottleneckNus { get; init; } = [0.5, 1];

    /// <summary>Whether to run the 2-D toy.</summary>
    public bool Toy { get; init; } = true;
}
