using System.Diagnostics;
using Tdlab.Nn.Interop;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Io;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn.Tests.Interop;

/// <summary>
/// State dicts written by a Python script with PyTorch's names and equations (NumPy only, Interop/torch_state.py) load
/// into tdlab modules that then compute what the script computed, and what tdlab writes back NumPy reads unchanged.
/// </summary>
public sealed class InteropRoundTripTests : TempFolderTest
{
    [PythonNumpyFact]
    public void A_pytorch_mlp_state_loads_computes_the_same_outputs_and_round_trips_back_to_numpy()
    {
        Python("write");
        Tensor<double> x = Array("x.npy");
        foreach (string file in (string[])["mlp.npz", "mlp.safetensors"])
        {
            Sequential<double> net = Mlp.Build<double>(3, [5], 2, new Rng(99, "overwritten"), Activation.Relu);
            StateDictReport report = StateDict.Load(net, Path.Combine(Dir, file));
            Assert.True(report.Exact, report.Problems);
            AssertClose(Array("mlp_out.npy"), net.Forward(x), 1e-12);
        }

        // Built straight from the file's tensors, without random weights first.
        IReadOnlyDictionary<string, NpyArray> state = StateDict.Read(Path.Combine(Dir, "mlp.npz"));
        var direct = new Sequential<double>(
            new Linear<double>(Tensor(state["0.weight"]), Tensor(state["0.bias"])),
            Activations.Create<double>(Activation.Relu),
            new Linear<double>(Tensor(state["2.weight"]), Tensor(state["2.bias"])));
        AssertClose(Array("mlp_out.npy"), direct.Forward(x), 1e-12);

        StateDict.Save(direct, Path.Combine(Dir, "back.npz"));
        StateDict.Save(direct, Path.Combine(Dir, "back.safetensors"));
        Assert.Contains("identical", Python("check"));
    }

    [PythonNumpyFact]
    public void A_float32_file_into_a_float64_model_is_an_error_when_strict_and_converted_when_not()
    {
        Python("write");
        string file = Path.Combine(Dir, "mlp32.safetensors");
        Sequential<double> net = Mlp.Build<double>(3, [5], 2, new Rng(99, "overwritten"), Activation.Relu);
        var e = Assert.Throws<InvalidDataException>(() => StateDict.Load(net, file));
        Assert.Contains("mis-typed: 0.weight (file float32, module float64)", e.Message);
        StateDictReport report = StateDict.Load(net, file, strict: false);
        Assert.Equal(4, report.MisTyped.Count);
        AssertClose(Array("mlp_out.npy"), net.Forward(Array("x.npy")), 1e-5);   // float32 weights: float32 accuracy
    }

    [PythonNumpyFact]
    public void Torch_gru_and_rnn_states_by_their_names_give_pytorchs_hidden_states()
    {
        Python("write");
        Tensor<double> xs = Array("xs.npy");
        var gru = new Recurrent<double>(new GruCell<double>(3, 4, new Rng(1, "overwritten")));
        StateDict.Load(gru, TorchRecurrent.FromTorch(StateDict.Read(Path.Combine(Dir, "gru.npz")), TorchRecurrentKind.Gru));
        AssertClose(Array("gru_out.npy"), gru.Forward(xs), 1e-12);

        var rnn = new Recurrent<double>(new RnnCell<double>(3, 4, new Rng(1, "overwritten")));
        StateDict.Load(rnn, TorchRecurrent.FromTorch(StateDict.Read(Path.Combine(Dir, "rnn.npz")), TorchRecurrentKind.Rnn));
        AssertClose(Array("rnn_out.npy"), rnn.Forward(xs), 1e-12);
    }

    private Tensor<double> Array(string name) => Tensor(Npy.Read(Path.Combine(Dir, name)));

    private static Tensor<double> Tensor(NpyArray a) => Tdlab.Tensors.Tensor.FromDouble<double>(a.AsDouble(), a.Shape);

    private static void AssertClose(Tensor<double> want, Tensor<double> got, double tolerance)
    {
        Assert.Equal(want.Shape.ToArray(), got.Shape.ToArray());
        double[] w = want.ToDoubleArray(), g = got.ToDoubleArray();
        double worst = w.Zip(g, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= tolerance, $"largest difference {worst}");
    }

    private string Python(string mode)
    {
        string script = Path.Combine(AppContext.BaseDirectory, "Interop", "torch_state.py");
        using var p = Process.Start(new ProcessStartInfo(PythonNumpyFactAttribute.Python!, [script, mode, Dir])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000) && p.ExitCode == 0, $"torch_state.py {mode}: {output}");
        return output;
    }
}
