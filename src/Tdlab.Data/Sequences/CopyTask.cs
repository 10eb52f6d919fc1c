using Tdlab.Tensors.Random;

namespace Tdlab.Data.Sequences;

/// <summary>
/// The copy task (Hochreiter and Schmidhuber 1997; in the form of Arjovsky, Shah and Bengio 2016, sec. 4.1):
/// k symbols drawn uniformly from an alphabet of a, then T - 1 blanks, a delimiter, and k more blanks; the net
/// must output the k symbols during the last k steps, T + k steps after it saw each. Length L = T + 2k.
/// Inputs are one-hot over a + 2 channels (symbols 0..a-1, blank a, delimiter a+1).
/// Labels are the k symbols at the last k steps, so the loss there is a-way cross-entropy whose
/// input-blind baseline (uniform guess) is ln a, whatever T. (Arjovsky et al. score every step with the
/// blank as a class, a baseline of k ln a / (T + 2k) that shrinks with T; scoring the recall window keeps
/// losses at different T comparable.)
/// </summary>
public static class CopyTask
{
    public const string Name = "copy";

    /// <summary>Input channels for an alphabet of <paramref name="alphabet"/> symbols.</summary>
    public static int InputDim(int alphabet) => alphabet + 2;

    public static SequenceBatch Generate(Rng rng, int batch, int symbols, int delay, int alphabet = 8)
    {
        if (batch < 1 || symbols < 1 || delay < 1 || alphabet < 2)
            throw new ArgumentException($"CopyTask.Generate: need batch, symbols, delay >= 1 and alphabet >= 2; got batch {batch}, symbols {symbols}, delay {delay}, alphabet {alphabet}");
        int length = delay + 2 * symbols, dim = InputDim(alphabet), blank = alphabet, delimiter = alphabet + 1;
        var x = new float[length * batch * dim];   // (L, B, a + 2)
        var labels = new int[symbols * batch];     // (k, B)
        for (int b = 0; b < batch; b++)
        {
            for (int j = 0; j < symbols; j++)
            {
                int s = rng.NextInt(alphabet);
                labels[j * batch + b] = s;
                x[(j * batch + b) * dim + s] = 1;
            }

            for (int t = symbols; t < length; t++)
                x[(t * batch + b) * dim + (t == symbols + delay - 1 ? delimiter : blank)] = 1;
        }

        return new SequenceBatch(Name, length, batch, dim, x, symbols, labels, alphabet, null, 0, Math.Log(alphabet));
    }
}
