using Tdlab.Tensors.Random;

namespace Tdlab.Data.Sequences;

/// <summary>
/// The adding problem (Hochreiter and Schmidhuber 1997; in the form of Le, Jaitly and Hinton 2015, sec. 4.1):
/// T steps of two channels, a value v_t ~ U(0, 1) and a marker m_t in {0, 1} that is 1 at exactly two
/// steps, one uniform in the first half [0, T/2) and one in the second [T/2, T). The target (read at the last
/// step) is sum_t m_t v_t. Predicting the constant 1 gives the baseline MSE Var(v_1 + v_2) = 2/12 = 1/6.
/// </summary>
public static class AddingProblem
{
    public const string Name = "adding";

    public const int InputDim = 2;

    /// <summary>MSE of the input-blind prediction E[target] = 1.</summary>
    public const double BaselineMse = 1.0 / 6.0;

    public static SequenceBatch Generate(Rng rng, int batch, int length)
    {
        if (batch < 1 || length < 2)
            throw new ArgumentException($"AddingProblem.Generate: need batch >= 1 and length >= 2; got batch {batch}, length {length}");
        var x = new float[length * batch * InputDim];   // (T, B, 2)
        var y = new float[batch];                       // (B, 1)
        int half = length / 2;
        for (int b = 0; b < batch; b++)
        {
            for (int t = 0; t < length; t++) x[(t * batch + b) * InputDim] = (float)rng.NextDouble();
            int first = rng.NextInt(half), second = half + rng.NextInt(length - half);
            foreach (int t in new[] { first, second })
            {
                x[(t * batch + b) * InputDim + 1] = 1;
                y[b] += x[(t * batch + b) * InputDim];
            }
        }

        return new SequenceBatch(Name, length, batch, InputDim, x, 1, null, 0, y, 1, BaselineMse);
    }
}
