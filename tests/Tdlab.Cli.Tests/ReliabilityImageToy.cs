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

    public override ReliabilityImageConfig Quick => new();

    public override ReliabilityImageConfig Full => new();

    public override IEnumerable<ReliabilityImageConfig> Grid(ReliabilityImageConfig config) => [config];

    public override void Validate(ReliabilityImageConfig config) => ClassificationTask.Validate(config.Data);

    public override void Run(RunContext<ReliabilityImageConfig> context)
    {
        var split = ClassificationTask.Load(Name, context.Config.Data, context.Replicate, 4, 2, 8, 4);
        context.Log(0, "train-count", split.Train.Count);
    }
}
