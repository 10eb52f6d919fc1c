using System.Numerics;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>The cells under test, by name, with PyTorch's default initialisation unless told.</summary>
internal static class CellFactory
{
    public static readonly string[] Kinds = ["rnn", "rnn-relu", "rnn-linear", "gru", "lstm", "minimal"];

    public static RecurrentCell<T> Make<T>(string kind, int input, int hidden, RecurrentInit? init = null, ulong seed = 11)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed, kind);
        return kind switch
        {
            "rnn" => new RnnCell<T>(input, hidden, rng, init),
            "rnn-relu" => new RnnCell<T>(input, hidden, rng, init, RnnActivation.Relu),
            "rnn-linear" => new RnnCell<T>(input, hidden, rng, init, RnnActivation.Identity),
            "gru" => new GruCell<T>(input, hidden, rng, init),
            "lstm" => new LstmCell<T>(input, hidden, rng, init, forgetBias: 1.0),
            "minimal" => new MinimalRnnCell<T>(input, hidden, rng, init),
            _ => throw new ArgumentException($"unknown cell {kind}"),
        };
    }

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string>();
        foreach (var k in Kinds) data.Add(k);
        return data;
    }
}
