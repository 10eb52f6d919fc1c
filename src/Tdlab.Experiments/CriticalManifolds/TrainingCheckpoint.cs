using System.Numerics;
using Tdlab.Lab;
using Tdlab.Tensors;

namespace Tdlab.Experiments.CriticalManifolds;

/// <summary>
/// A mid-run checkpoint of a training run, one binary file beside the store (<see cref="Lab.Runner.RunContext.CheckpointPath"/>):
/// the run id, the last finished step, the optimiser's step count, every tensor (the model's parameters, then the
/// optimiser's state tensors, in their fixed order) as doubles, and the metric rows logged so far (they reach the
/// store only when the run ends, so a resumed run logs them again). Written atomically; a file of another run or of
/// another shape is ignored (the run starts afresh). Little-endian, via <see cref="BinaryWriter"/>.
/// </summary>
internal sealed record TrainingCheckpoint(string RunId, int Step, long OptimizerSteps, double[][] Tensors, (int Step, string Metric, double Value)[] Rows)
{
    private const string Magic = "tdlab-checkpoint-1";

    /// <summary>Captures the tensors (parameters and optimiser state) as doubles.</summary>
    public static TrainingCheckpoint Capture<T>(string runId, int step, long optimizerSteps, IEnumerable<Tensor<T>> tensors,
        IEnumerable<(int Step, string Metric, double Value)> rows) where T : unmanaged, IFloatingPointIeee754<T> =>
        new(runId, step, optimizerSteps, [.. tensors.Select(t => t.ToDoubleArray())], [.. rows]);

    public void Save(string path) => AtomicFile.Write(path, tmp =>
    {
        using var w = new BinaryWriter(File.Create(tmp));
        w.Write(Magic);
        w.Write(RunId);
        w.Write(Step);
        w.Write(OptimizerSteps);
        w.Write(Tensors.Length);
        foreach (var t in Tensors)
        {
            w.Write(t.Length);
            foreach (double v in t) w.Write(v);
        }

        w.Write(Rows.Length);
        foreach (var (step, metric, value) in Rows)
        {
            w.Write(step);
            w.Write(metric);
            w.Write(value);
        }
    });

    /// <summary>The checkpoint at path when it exists, belongs to runId and holds tensors of the given lengths; else null.</summary>
    public static TrainingCheckpoint? TryLoad(string path, string runId, IReadOnlyList<int> lengths)
    {
        if (!File.Exists(path)) return null;
        try
        {
            using var r = new BinaryReader(File.OpenRead(path));
            if (r.ReadString() != Magic || r.ReadString() != runId) return null;
            int step = r.ReadInt32();
            long optimizerSteps = r.ReadInt64();
            int count = r.ReadInt32();
            if (count != lengths.Count) return null;
            var tensors = new double[count][];
            for (int i = 0; i < count; i++)
            {
                int n = r.ReadInt32();
                if (n != lengths[i]) return null;
                tensors[i] = new double[n];
                for (int j = 0; j < n; j++) tensors[i][j] = r.ReadDouble();
            }

            var rows = new (int, string, double)[r.ReadInt32()];
            for (int i = 0; i < rows.Length; i++) rows[i] = (r.ReadInt32(), r.ReadString(), r.ReadDouble());
            return new TrainingCheckpoint(runId, step, optimizerSteps, tensors, rows);
        }
        catch (EndOfStreamException)
        {
            return null;                                               // a truncated file: start afresh
        }
    }

    /// <summary>Copies the stored values back into the tensors (same order as captured).</summary>
    public void Restore<T>(IEnumerable<Tensor<T>> tensors) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        foreach (var t in tensors)
        {
            var dst = t.Span;
            var src = Tensors[i++];
            for (int j = 0; j < dst.Length; j++) dst[j] = T.CreateTruncating(src[j]);
        }
    }
}
