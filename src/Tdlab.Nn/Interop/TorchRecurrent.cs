using Tdlab.Tensors.Io;

namespace Tdlab.Nn.Interop;

/// <summary>
/// Names of torch.nn.RNN / GRU / LSTM (one layer, one direction: "weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
/// "bias_hh_l0") to and from those of a tdlab <see cref="Recurrent.Recurrent{T}"/> ("cell.weight_ih", ...). The
/// gate blocks are stacked in PyTorch's order in both, so GRU and LSTM arrays carry over unchanged; torch.nn.RNN's
/// two biases enter h' = tanh(W_ih x + b_ih + W_hh h + b_hh) only as their sum, which is tdlab's one bias. Entries of
/// other layers or of the reverse direction ("_l1", "_reverse") have no tdlab counterpart and keep their names, so a
/// strict load reports them as unexpected.
/// </summary>
public static class TorchRecurrent
{
    /// <summary>
    /// A torch state dict (keys under <paramref name="torchPrefix"/>, e.g. "rnn.") renamed for a tdlab module whose
    /// recurrent cell sits at <paramref name="cellPrefix"/> (a <see cref="Recurrent.Recurrent{T}"/>: "cell.").
    /// Other keys pass unchanged.
    /// </summary>
    public static IReadOnlyDictionary<string, NpyArray> FromTorch(IReadOnlyDictionary<string, NpyArray> state,
        TorchRecurrentKind kind, string torchPrefix = "", string cellPrefix = "cell.")
    {
        ArgumentNullException.ThrowIfNull(state);
        var renamed = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach ((string key, NpyArray value) in state)
        {
            string? tail = key.StartsWith(torchPrefix, StringComparison.Ordinal) ? key[torchPrefix.Length..] : null;
            string? mapped = tail switch
            {
                "weight_ih_l0" => "weight_ih",
                "weight_hh_l0" => "weight_hh",
                "bias_ih_l0" when kind != TorchRecurrentKind.Rnn => "bias_ih",
                "bias_hh_l0" when kind != TorchRecurrentKind.Rnn => "bias_hh",
                _ => null,
            };
            if (kind == TorchRecurrentKind.Rnn && tail is "bias_ih_l0" or "bias_hh_l0")
                continue;   // summed below
            renamed.Add(mapped is null ? key : cellPrefix + mapped, value);
        }

        if (kind == TorchRecurrentKind.Rnn)
        {
            state.TryGetValue(torchPrefix + "bias_ih_l0", out NpyArray? bih);
            state.TryGetValue(torchPrefix + "bias_hh_l0", out NpyArray? bhh);
            if (bih is not null && bhh is not null)
                renamed.Add(cellPrefix + "bias", Sum(bih, bhh, torchPrefix));
            else if ((bih ?? bhh) is { } only)
                renamed.Add(torchPrefix + (bih is null ? "bias_hh_l0" : "bias_ih_l0"), only);   // half a bias: left unexpected
        }

        return renamed;
    }

    /// <summary>
    /// A tdlab recurrent module's state (cell at <paramref name="cellPrefix"/>) renamed as torch's under
    /// <paramref name="torchPrefix"/>; for <see cref="TorchRecurrentKind.Rnn"/> the bias becomes bias_ih_l0 and
    /// bias_hh_l0 is zero (their sum is what the equations use).
    /// </summary>
    public static IReadOnlyDictionary<string, NpyArray> ToTorch(IReadOnlyDictionary<string, NpyArray> state,
        TorchRecurrentKind kind, string torchPrefix = "", string cellPrefix = "cell.")
    {
        ArgumentNullException.ThrowIfNull(state);
        var renamed = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
        foreach ((string key, NpyArray value) in state)
        {
            string? tail = key.StartsWith(cellPrefix, StringComparison.Ordinal) ? key[cellPrefix.Length..] : null;
            switch (tail)
            {
                case "weight_ih" or "weight_hh" or "bias_ih" or "bias_hh":
                    renamed.Add($"{torchPrefix}{tail}_l0", value);
                    break;
                case "bias" when kind == TorchRecurrentKind.Rnn:
                    renamed.Add(torchPrefix + "bias_ih_l0", value);
                    renamed.Add(torchPrefix + "bias_hh_l0", new NpyArray(value.Descr, value.Shape, Array.CreateInstance(value.Data.GetType().GetElementType()!, value.Length)));
                    break;
                default:
                    renamed.Add(key, value);
                    break;
            }
        }

        return renamed;
    }

    private static NpyArray Sum(NpyArray a, NpyArray b, string prefix)
    {
        if (!a.Shape.SequenceEqual(b.Shape) || a.Descr != b.Descr)
            throw new InvalidDataException($"{prefix}bias_ih_l0 and {prefix}bias_hh_l0 differ in shape or dtype");
        Array data = a.Data switch
        {
            double[] x => x.Zip((double[])b.Data, (p, q) => p + q).ToArray(),
            float[] x => x.Zip((float[])b.Data, (p, q) => p + q).ToArray(),
            _ => throw new InvalidDataException($"{prefix}bias_ih_l0: dtype {a.Descr} is not a float"),
        };
        return new NpyArray(a.Descr, a.Shape, data);
    }
}
