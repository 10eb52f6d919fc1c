using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>The sweep of the three-layer family: the comparison over nu, the cone initialisation and the train-size study.</summary>
public sealed record ThreeLayerConfig : ThreeLayerSettings
{
    /// <summary>Frequencies nu of g*(t) = sin(nu pi t) at which the three-layer net is trained (LeCun w).</summary>
    [NotEmpty]
    [Positive]
    public double[] Nus { get; init; } = [0.5, 0.7, 1, 1.5];

    /// <summary>Frequencies at which the 1-D learner baseline is trained (H1 compares at nu &gt;= 1).</summary>
    [Positive]
    public double[] OneDNus { get; init; } = [1, 1.5];

    /// <summary>Training-set sizes of the comparison.</summary>
    [NotEmpty]
    [AtLeast(32)]
    public int[] TrainSizes { get; init; } = [1000];

    /// <summary>The frequency whose three-layer runs carry the NTK probes (phases, H8) and the frames.</summary>
    [Positive]
    public double PhaseNu { get; init; } = 0.5;

    /// <summary>Frequency of the cone-initialisation runs.</summary>
    [Positive]
    public double ConeNu { get; init; } = 1;

    /// <summary>Initial CosSim values c of the cone initialisation (empty: no cone runs).</summary>
    [Between(0, 1)]
    public double[] ConeCosines { get; init; } = [0.3, 0.6, 0.9];

    /// <summary>Training-set sizes of the train-size study (empty: no such runs).</summary>
    [AtLeast(32)]
    public int[] TrainSizeSizes { get; init; } = [];

    /// <summary>Input dimension of the train-size study (the thesis: 100).</summary>
    [Positive]
    public int TrainSizeDim { get; init; } = 100;

    /// <summary>Frequency of the train-size study (0.5: at nu = 1 no run learns w at d = 100; see the deviation).</summary>
    [Positive]
    public double TrainSizeNu { get; init; } = 0.5;
}
