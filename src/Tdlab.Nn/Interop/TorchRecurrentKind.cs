namespace Tdlab.Nn.Interop;

/// <summary>Which torch.nn recurrent module a state dict comes from (or goes to).</summary>
public enum TorchRecurrentKind
{
    /// <summary>torch.nn.RNN: two biases, summed into tdlab's one (<see cref="Recurrent.RnnCell{T}"/>'s "bias").</summary>
    Rnn,

    /// <summary>torch.nn.GRU: gate blocks r, z, n, as <see cref="Recurrent.GruCell{T}"/>.</summary>
    Gru,

    /// <summary>torch.nn.LSTM: gate blocks i, f, g, o, as <see cref="Recurrent.LstmCell{T}"/>.</summary>
    Lstm,
}
