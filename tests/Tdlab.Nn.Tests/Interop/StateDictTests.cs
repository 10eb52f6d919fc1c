using Tdlab.Nn.Interop;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors.Io;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Interop;

/// <summary>Strict and non-strict loading, both file formats, and torch's recurrent names, without Python.</summary>
public sealed class StateDictTests : TempFolderTest
{
    private static Sequential<T> Net<T>(ulong seed) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        Mlp.Build<T>(3, [5], 2, new Rng(seed, "init"), Activation.Tanh);

    [Theory]
    [InlineData("state.npz")]
    [InlineData("state.safetensors")]
    public void Saved_state_loads_into_another_model_bit_for_bit(string file)
    {
        string path = Path.Combine(Dir, file);
        StateDict.Save(Net<float>(1), path);
        Sequential<float> other = Net<float>(2);
        Assert.True(StateDict.Load(other, path).Exact);
        foreach (((string name, var a), (_, var b)) in Net<float>(1).NamedParameters().Zip(other.NamedParameters()))
            Assert.True(a.Span.SequenceEqual(b.Span), name);
    }

    [Fact]
    public void Strict_lists_every_problem_and_changes_nothing_non_strict_loads_what_fits()
    {
        var state = new Dictionary<string, NpyArray>(StateDict.Of(Net<double>(1)));
        state.Remove("2.bias");                                                        // missing
        state["extra"] = new NpyArray("<f8", [1], new double[] { 1 });                 // unexpected
        state["2.weight"] = new NpyArray("<f8", [5, 2], new double[10]);               // mis-shaped (transposed)
        Sequential<double> net = Net<double>(2);
        double[] before = net.NamedParameters().First().Value.ToDoubleArray();

        var e = Assert.Throws<InvalidDataException>(() => StateDict.Load(net, state));
        Assert.Contains("missing: 2.bias", e.Message);
        Assert.Contains("unexpected: extra", e.Message);
        Assert.Contains("mis-shaped: 2.weight (file (5, 2), module (2, 5))", e.Message);
        Assert.Equal(before, net.NamedParameters().First().Value.ToDoubleArray());

        StateDictReport report = StateDict.Load(net, state, strict: false);
        Assert.Equal(["0.weight", "0.bias"], report.Loaded);
        Assert.Equal(state["0.weight"].AsDouble(), net.NamedParameters().First().Value.ToDoubleArray());
    }

    [Fact]
    public void Torch_rnn_biases_are_summed_and_written_back_as_one_and_zero()
    {
        var bih = new NpyArray("<f8", [2], new[] { 1.0, 2.0 });
        var bhh = new NpyArray("<f8", [2], new[] { 0.5, -4.0 });
        var w = new NpyArray("<f8", [2, 2], new double[] { 1, 0, 0, 1 });
        var torch = new Dictionary<string, NpyArray>
        {
            ["rnn.weight_ih_l0"] = w, ["rnn.weight_hh_l0"] = w, ["rnn.bias_ih_l0"] = bih, ["rnn.bias_hh_l0"] = bhh,
            ["rnn.weight_ih_l1"] = w,
        };
        var mapped = TorchRecurrent.FromTorch(torch, TorchRecurrentKind.Rnn, "rnn.");
        Assert.Equal([1.5, -2.0], mapped["cell.bias"].AsDouble());
        Assert.Contains("rnn.weight_ih_l1", mapped.Keys);   // a second layer has no tdlab counterpart: left unexpected
        var module = new Recurrent<double>(new RnnCell<double>(2, 2, new Rng(1, "x")));
        var e = Assert.Throws<InvalidDataException>(() => StateDict.Load(module, mapped));
        Assert.Contains("unexpected: rnn.weight_ih_l1", e.Message);

        var back = TorchRecurrent.ToTorch(StateDict.Of(module), TorchRecurrentKind.Rnn, "rnn.");
        Assert.Equal(["rnn.bias_hh_l0", "rnn.bias_ih_l0", "rnn.weight_hh_l0", "rnn.weight_ih_l0"], back.Keys.Order());
        Assert.All(back["rnn.bias_hh_l0"].AsDouble(), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void A_file_that_is_not_a_state_dict_is_one_clear_error()
    {
        string bad = Path.Combine(Dir, "bad.safetensors");
        File.WriteAllBytes(bad, [255, 255, 255, 255, 0, 0, 0, 0, 1, 2]);
        Assert.Contains("header length", Assert.Throws<InvalidDataException>(() => StateDict.Read(bad)).Message);
        string notZip = Path.Combine(Dir, "bad.npz");
        File.WriteAllText(notZip, "plain text");
        Assert.Throws<InvalidDataException>(() => StateDict.Read(notZip));
        Assert.Throws<ArgumentException>(() => StateDict.Read(Path.Combine(Dir, "state.pt")));
    }
}
