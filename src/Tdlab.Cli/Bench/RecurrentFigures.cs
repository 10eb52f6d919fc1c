using Tdlab.Kernels;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace Tdlab.Cli.Bench;

/// <summary>
/// Recurrent training-step figures for <c>tdlab bench</c>, in training steps per second (float32):
/// a cell with H = 128 unrolled over T = 50 steps of a batch of B = 64 sequences with 8 inputs, a linear
/// head (1, H) on the last state h_T, loss = mean (head(h_T) - y)^2, full backpropagation through time and
/// an inline SGD update (lr 1e-3). Median seconds per step over time-boxed samples after warm-up.
/// Keys: rnn_tanh_h128_t50_b64 (vanilla tanh RNN), gru_h128_t50_b64 (GRU).
/// </summary>
public static class RecurrentFigures
{
    private const int Steps = 50, Batch = 64, Input = 8, Hidden = 128;

    /// <summary>Adds the recurrent figures, measured under <see cref="Parallelism.Limit"/>(threads).</summary>
    public static void Measure(IDictionary<string, double> figures, int threads)
    {
        using var scope = Parallelism.Limit(threads);
        figures["rnn_tanh_h128_t50_b64"] = StepsPerSecond(rng => new RnnCell<float>(Input, Hidden, rng));
        figures["gru_h128_t50_b64"] = StepsPerSecond(rng => new GruCell<float>(Input, Hidden, rng));
    }

    private static double StepsPerSecond(Func<Rng, RecurrentCell<float>> makeCell, double budgetSeconds = 3.0)
    {
        var rng = new Rng(0, "bench/recurrent");
        var rnn = new Recurrent<float>(makeCell(rng.Child("cell")));
        var x = Tensor.Normal<float>(rng.Child("x"), new Shape(Steps, Batch, Input));
        var y = Tensor.Normal<float>(rng.Child("y"), new Shape(Batch, 1));
        var headWeight = Tensor.Uniform<float>(rng.Child("head"), new Shape(1, Hidden), -0.09, 0.09);
        var headBias = Tensor.Zeros<float>(1);
        headWeight.RequiresGrad = headBias.RequiresGrad = true;
        var parameters = rnn.Parameters().Append(headWeight).Append(headBias).ToArray();

        void TrainingStep()
        {
            using (TensorScope.Begin())
            {
                var last = rnn.Run(x).Last;                                   // (B, H)
                var diff = last.MatMul(headWeight, transB: true) + headBias - y; // (B, 1)
                diff.Square().Mean().Backward();
            }

            foreach (var p in parameters)
            {
                var g = p.Grad!.Span;
                TensorPrimitives.MultiplyAdd(g, -1e-3f, p.Span, p.Span);   // p -= lr g
                g.Clear();
            }
        }

        return 1.0 / Timing.MedianSeconds(TrainingStep, budgetSeconds, warmupFraction: 0.3);
    }
}
