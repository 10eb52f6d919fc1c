using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests;

public class ModuleStateTests
{
    [Fact]
    public void Save_then_load_restores_parameters_and_buffers()
    {
        string folder = Path.Combine(Path.GetTempPath(), "tdlab-state-" + Guid.NewGuid().ToString("N"));
        try
        {
            var net = new Sequential<float>(new Linear<float>(3, 4, new Rng(1)), new BatchNorm1d<float>(4), new Relu<float>(), new Linear<float>(4, 2, new Rng(2)));
            net.Forward(Tdlab.Tensors.Tensor.Normal<float>(new Rng(3), new Tdlab.Tensors.Shape(5, 3)));   // moves the running statistics
            ModuleState.Save(net, folder);
            Assert.True(File.Exists(Path.Combine(folder, "0.weight.npy")));
            Assert.True(File.Exists(Path.Combine(folder, "1.running_var.npy")));

            var other = new Sequential<float>(new Linear<float>(3, 4, new Rng(9)), new BatchNorm1d<float>(4), new Relu<float>(), new Linear<float>(4, 2, new Rng(8)));
            ModuleState.Load(other, folder);
            var a = net.NamedParameters().Concat(net.NamedBuffers()).ToList();
            var b = other.NamedParameters().Concat(other.NamedBuffers()).ToList();
            for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value.ToArray(), b[i].Value.ToArray());

            var wrong = new Sequential<float>(new Linear<float>(3, 5, new Rng(1)));
            Assert.Contains("0.weight", Assert.Throws<InvalidDataException>(() => ModuleState.Load(wrong, folder)).Message);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
