using Tdlab.Lab.Specs;

namespace Tdlab.Experiments;

/// <summary>
/// Every experiment family that <c>tdlab list</c> shows and <c>tdlab run all</c> runs, in that order.
/// Add a family here when it is ready.
/// </summary>
public static class ExperimentRegistry
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new InitVariance.InitVarianceExperiment(),
        new Isometry.IsometryExperiment(),
        new RnnGating.RnnGatingExperiment(),
        new Lipschitz.LipschitzExperiment(),
        new DeepLinear.DeepLinearExperiment(),
        new SignalPropagation.SignalPropagationExperiment(),
        new ImplicitBias.ImplicitBiasExperiment(),
        new LazyVsFeature.LazyVsFeatureExperiment(),
        new DataParallel.DataParallelExperiment(),
        new CriticalManifolds.CriticalManifoldsExperiment(),
        new EdgeOfStability.EdgeOfStabilityExperiment(),
        new SharpMinima.SharpnessExperiment(),
        new ThreeLayer.ThreeLayerExperiment(),
        new ParameterControl.ParameterControlExperiment(),
    ];
}
