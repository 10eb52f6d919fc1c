namespace Tdlab.Experiments.DataParallel;

/// <summary>One run: SGD at one batch size and learning rate on the shared task until the target loss.</summary>
public sealed record DataParallelRun : DataParallelSettings
{
    public DataParallelRun(DataParallelSettings settings) : base(settings)
    {
    }

    public int BatchSize { get; init; }

    public double LearningRate { get; init; }
}
