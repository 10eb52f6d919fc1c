using Tdlab.Lab.Metrics;
using Tdlab.Experiments.Common;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;

namespace Tdlab.Cli.Tests;

/// <summary>Sweep config of <see cref="ReliabilityImageToy"/>: only a data setting.</summary>
public sealed record ReliabilityImageConfig : ExperimentConfig
{
    public string Data { get; init; } = "synthetic";
}

/// <summary>
/// Test fixture (never registered): an experiment with a <c>data</c> key checked by the families' own
/// <see cref="ClassificationTask.Validate"/>, so malformed IDX folders go through the real validation path.
/// One run that loads the data and logs the number of training examples.
/// </summary>
public sealed class ReliabilityImageToy : Experiment<ReliabilityImageConfig, ReliabilityImageConfig>
{
    public override string Name => "toy-images";

    public override string Title => "Loads an image folder (test fixture)";

    public override string SeedReference => "test fixture";

    /// <summary>Its one metric: how many training images the folder had.</summary>
    public static readonly Metric TrainCount = Metric.Of("train-count", "images", "training images loaded");

    public override MetricSet Metrics { get; } = new("toy-images", [TrainCount], []);

    public override ReliabilityImageConfig Quick => new();

    public override ReliabilityImageConfig Full => new();

    public override IEnumerable<ReliabilityImageConfig> Grid(ReliabilityImageConfig config) => [config];

    public override void Validate(ReliabilityImageConfig config) => ClassificationTask.Validate(config.Data);

    public override void Run(RunContext<ReliabilityImageConfig> context)
    {
        var split = ClassificationTask.Load(context, context.Config.Data, 4, 2, 8, 4);
        context.Log(0, TrainCount, split.Train.Count);
    }
}
