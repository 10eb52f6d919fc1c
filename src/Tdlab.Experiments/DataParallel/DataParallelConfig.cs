using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.DataParallel;

/// <summary>The sweep: batch sizes x learning rates, and the settings of the ring all-reduce cost model (which change no run).</summary>
public sealed record DataParallelConfig : DataParallelSettings
{
    /// <summary>Batch sizes B, spanning at least two decades; each at most train-size.</summary>
    [NotEmpty]
    [Positive]
    public int[] BatchSizes { get; init; } = [4, 16, 64, 256, 1024];

    /// <summary>SGD learning rates tried at every batch size; steps to target is the best over them.</summary>
    [NotEmpty]
    [Positive]
    public double[] LearningRates { get; init; } = [0.01, 0.03, 0.1, 0.3, 1];

    /// <summary>Machine counts N of the speedup model.</summary>
    [NotEmpty]
    [Positive]
    public int[] Machines { get; init; } = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Link bandwidths of the ring all-reduce model, in Gbit/s (one curve each).</summary>
    [NotEmpty]
    [Positive]
    public double[] BandwidthsGbit { get; init; } = [0.1, 1, 10];

    /// <summary>Latency per step of the all-reduce, in microseconds.</summary>
    [NonNegative]
    public double LatencyMicroseconds { get; init; } = 50;

    /// <summary>Bytes per gradient entry sent (4: float32 gradients).</summary>
    [Positive]
    public int BytesPerParameter { get; init; } = 4;
}
