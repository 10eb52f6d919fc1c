using Tdlab.Nn;
using Tdlab.Nn.Interop;
using Tdlab.Tensors;
using Tdlab.Tensors.Io;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Guide;

/// <summary>The guide's section "Load given weights".</summary>
public static class Weights
{
    /// <summary>
    /// Saves a model as one .npy per tensor and as .npz and .safetensors, loads each into fresh models, and says
    /// whether every copy computes the same outputs.
    /// </summary>
    public static bool RoundTrip(string folder)
    {
        Sequential<double> trained = Training.Model();
        var (x, _) = Training.Data();

        // One .npy per tensor, named by the parameter ("0.weight.npy", "0.bias.npy", ...): np.load opens each.
        ModuleState.Save(trained, Path.Combine(folder, "npy"));
        Sequential<double> fromNpy = Mlp.Build<double>(8, [32, 32], 2, new Rng(0, "any"), Activation.Tanh);
        ModuleState.Load(fromNpy, Path.Combine(folder, "npy"));

        // A state dict by PyTorch's names (torch.save(model.state_dict()) converted with numpy.savez or safetensors).
        StateDict.Save(trained, Path.Combine(folder, "model.safetensors"));
        Sequential<double> fromDict = Mlp.Build<double>(8, [32, 32], 2, new Rng(0, "any"), Activation.Tanh);
        StateDictReport report = StateDict.Load(fromDict, Path.Combine(folder, "model.safetensors"), strict: true);

        // Or build the layers from the given tensors directly.
        IReadOnlyDictionary<string, NpyArray> state = StateDict.Read(Path.Combine(folder, "model.safetensors"));
        Tensor<double> T(string name) => Tensor.FromDouble<double>(state[name].AsDouble(), state[name].Shape);
        var direct = new Sequential<double>(
            new Linear<double>(T("0.weight"), T("0.bias")), Activations.Create<double>(Activation.Tanh),
            new Linear<double>(T("2.weight"), T("2.bias")), Activations.Create<double>(Activation.Tanh),
            new Linear<double>(T("4.weight"), T("4.bias")));

        using (TensorScope.Begin())
        {
            double[] want = trained.Forward(x).ToDoubleArray();
            return report.Exact && new[] { fromNpy, fromDict, direct }.All(m => m.Forward(x).ToDoubleArray().SequenceEqual(want));
        }
    }
}
