using System.Numerics;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;
using Tdlab.Data.Sequences;
using Tdlab.Nn;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.RnnGating;

/// <summary>
/// A recurrent cell unrolled over the sequence with a linear readout W_o h_t + b_o on the steps that carry
/// targets: the last k hidden states (k, B, H) -> (k*B, a) logits for the copy task (cross-entropy), h_T -> (B, 1)
/// for the adding problem (MSE).
/// </summary>
internal sealed class SequenceModel<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public SequenceModel(RnnGatingRun c, int inputDim, int outputs, Rng rng)
    {
        var init = c.Init == WeightInit.Orthogonal
            ? RecurrentInit.Orthogonal(c.Sigma, c.SigmaU)
            : RecurrentInit.Gaussian(c.Sigma, c.SigmaU);
        var cellRng = rng.Child("cell");
        RecurrentCell<T> cell = c.Model switch
        {
            RecurrentModel.Rnn => new RnnCell<T>(inputDim, c.Hidden, cellRng, init),
            RecurrentModel.Gru => new GruCell<T>(inputDim, c.Hidden, cellRng, init),
            RecurrentModel.Lstm => new LstmCell<T>(inputDim, c.Hidden, cellRng, init, c.ForgetBias),
            RecurrentModel.Minimal => new MinimalRnnCell<T>(inputDim, c.Hidden, cellRng, init),
            _ => throw new ArgumentException($"SequenceModel: unknown model '{c.Model}'"),
        };
        if (c.UpdateBias != 0)
        {
            // the retain gate's bias: the GRU's z block of bias_ih (blocks r, z, n), the minimalRNN's b.
            var bias = cell switch
            {
                GruCell<T> gru => gru.BiasIh.Span.Slice(c.Hidden, c.Hidden),
                MinimalRnnCell<T> minimal => minimal.Bias.Span,
                _ => Span<T>.Empty,
            };
            TensorPrimitives.Add(bias, T.CreateTruncating(c.UpdateBias), bias);
        }

        Net = AddModule("rnn", new Recurrent<T>(cell));
        Readout = AddModule("readout", new Linear<T>(c.Hidden, outputs, rng.Child("readout")));
    }

    public Recurrent<T> Net { get; }

    public Linear<T> Readout { get; }

    /// <summary>Hidden states (T, B, H) of x (T, B, n).</summary>
    public override Tensor<T> Forward(Tensor<T> x) => Net.Forward(x);

    /// <summary>The task loss of an unrolled sequence on its batch (scalar).</summary>
    public Tensor<T> Loss(RecurrentSequence<T> sequence, SequenceBatch batch)
    {
        if (batch.Labels is { } labels)
        {
            return Nn.Loss.CrossEntropy(Readout.Forward(Recall(sequence, batch)), labels);
        }

        return Nn.Loss.Mse(Readout.Forward(sequence.Last), batch.Y<T>());
    }

    /// <summary>Loss and, for a classification task, the accuracy of the recalled symbols.</summary>
    public (double Loss, double Accuracy) Evaluate(SequenceBatch batch)
    {
        var sequence = Net.Run(batch.X<T>());
        double loss = Loss(sequence, batch).ItemDouble();
        if (batch.Labels is not { } labels) return (loss, double.NaN);
        return (loss, Nn.Loss.Accuracy(Readout.Forward(Recall(sequence, batch)), labels));
    }

    // the last k hidden states (k, B, H) as rows (k*B, H), step-major like the labels
    private static Tensor<T> Recall(RecurrentSequence<T> sequence, SequenceBatch batch)
    {
        int k = batch.OutputSteps;
        return Tensor.Stack(sequence.Hidden.Skip(sequence.Length - k).ToList()).Reshape(k * batch.Batch, -1);
    }
}
