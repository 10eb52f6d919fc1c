using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// What every three-layer run shares (seed 003, ch. 3-4): x ~ N(0, I_d), y = sin(nu pi w*^T x), the net
/// f(x) = v^T relu(u (w^T x) + b) of width m, SGD without momentum, batch 32, learning rate 5e-4 on 1/2 sum (y - f)^2.
/// </summary>
public record ThreeLayerSettings : ExperimentConfig
{
    /// <summary>Input dimension d (the train-size study uses train-size-dim).</summary>
    [Positive]
    public int InputDim { get; init; } = 10;

    /// <summary>Hidden width m of the 1-D learner (the thesis: 1000).</summary>
    [Positive]
    public int Width { get; init; } = 100;

    /// <summary>SGD steps of every run (the same for every train size).</summary>
    [Positive]
    public int Steps { get; init; } = 12000;

    [Positive]
    public int BatchSize { get; init; } = 32;

    [Positive]
    public double LearningRate { get; init; } = 5e-4;

    [Positive]
    public int ValidationSize { get; init; } = 500;

    /// <summary>Losses and |CosSim| are logged every this many steps.</summary>
    [Positive]
    public int LogEvery { get; init; } = 200;

    /// <summary>Training rows on which the probe runs measure the empirical NTK (the fixed batch).</summary>
    [Positive]
    public int ProbeSize { get; init; } = 32;

    /// <summary>Training rows drawn in the frames figure.</summary>
    [Positive]
    public int FramePoints { get; init; } = 300;

    /// <summary>Frames (equally spaced steps, 0 and the last included) stored by the frame run.</summary>
    [AtLeast(2)]
    public int Frames { get; init; } = 8;
}
