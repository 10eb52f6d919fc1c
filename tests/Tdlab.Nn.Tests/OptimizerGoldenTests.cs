using System.Numerics;
using Tdlab.Nn.Optim;
using Tdlab.Tensors;
using Tdlab.Tensors.Random;
using Tdlab.Tensors.Storage;

namespace Tdlab.Nn.Tests;

/// <summary>
/// Bit-identity of every optimiser variant: a tanh MLP 4 -> 8 -> 3 (or an ensemble of three) trained
/// for 30 steps of MSE on fixed data, float32 and float64; the parameters' bits are hashed
/// (<see cref="BitHash"/>) and compared with checksums recorded from the flat-span optimisers
/// (commit before the parameter-aware step). A change in the order of floating-point operations fails here.
/// The checksums were recorded on x64 with AVX-512; a machine with another vector width may reduce (dot
/// products, GEMM, norms) in another order and needs its own recording from the same commit.
/// </summary>
public class OptimizerGoldenTests
{
    private const int In = 4, Hidden = 8, Out = 3, Batch = 6, Steps = 30;
    private static readonly ulong[] Seeds = [11, 22, 33];
    private static readonly double[] Rates = [0.02, 0.05, 0.1];

    /// <summary>Case name, whether the net is an ensemble of three, and the gradient clipping norm (0: none).</summary>
    private static IEnumerable<(string Name, bool Ensemble, double Clip)> Names() =>
    [
        ("sgd", false, 0), ("sgd-momentum", false, 0), ("sgd-nesterov", false, 0), ("sgd-weight-decay", false, 0),
        ("sgd-decoupled", false, 0), ("sgd-two-groups", false, 0), ("sgd-ensemble-rates", true, 0), ("sgd-clip", false, 0.05),
        ("adam", false, 0), ("adam-amsgrad", false, 0), ("adamw", false, 0), ("adam-l2", false, 0),
        ("adam-ensemble", true, 0), ("adam-clip", false, 0.05),
        ("rmsprop", false, 0), ("rmsprop-options", false, 0), ("rmsprop-ensemble", true, 0),
    ];

    private static Optimizer<T> Build<T>(string name, IReadOnlyList<Tensor<T>> ps) where T : unmanaged, IFloatingPointIeee754<T> => name switch
    {
        "sgd" => new Sgd<T>(ps, 0.1),
        "sgd-momentum" => new Sgd<T>(ps, 0.05, momentum: 0.9),
        "sgd-nesterov" => new Sgd<T>(ps, 0.05, momentum: 0.9, nesterov: true),
        "sgd-weight-decay" => new Sgd<T>(ps, 0.05, momentum: 0.5, weightDecay: 0.01),
        "sgd-decoupled" => new Sgd<T>(ps, 0.1, decoupledWeightDecay: 0.05),
        "sgd-two-groups" => new Sgd<T>([new ParamGroup<T>(ps.Take(2), 0.1) { WeightDecay = 0.02 }, new ParamGroup<T>(ps.Skip(2), 0.03)], momentum: 0.8),
        "sgd-ensemble-rates" => new Sgd<T>([new ParamGroup<T>(ps, 0) { MemberLearningRates = Rates, WeightDecay = 0.01, DecoupledWeightDecay = 0.02 }], momentum: 0.9, nesterov: true),
        "sgd-clip" => new Sgd<T>(ps, 0.1, momentum: 0.9),
        "adam" => new Adam<T>(ps, 0.01),
        "adam-amsgrad" => new Adam<T>(ps, 0.01, amsGrad: true),
        "adamw" => new Adam<T>(ps, 0.01, decoupledWeightDecay: 0.1),
        "adam-l2" => new Adam<T>(ps, 0.01, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.01),
        "adam-ensemble" => new Adam<T>([new ParamGroup<T>(ps, 0) { MemberLearningRates = Rates, DecoupledWeightDecay = 0.01 }], amsGrad: true),
        "adam-clip" => new Adam<T>(ps, 0.01, amsGrad: true),
        "rmsprop" => new RmsProp<T>(ps, 0.01),
        "rmsprop-options" => new RmsProp<T>(ps, 0.005, alpha: 0.9, eps: 1e-6, weightDecay: 0.01, decoupledWeightDecay: 0.02),
        "rmsprop-ensemble" => new RmsProp<T>([new ParamGroup<T>(ps, 0) { MemberLearningRates = Rates }], alpha: 0.95),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Trains the case's net; returns the hash of its parameters' bits after <see cref="Steps"/> steps.</summary>
    private static string Train<T>(string name, bool ensemble, double clip) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var members = ensemble ? Members.Ensemble(Seeds, "init") : Members.Single(new Rng(7, "init"));
        var net = Mlp.Build<T>(In, [Hidden], Out, members, Activation.Tanh);
        var ps = net.Parameters().ToList();
        var opt = Build(name, ps);
        for (int t = 0; t < Steps; t++)
        {
            var rng = new Rng(5, $"data/{t}");
            var x = new double[Batch * In];
            var y = new double[Batch * Out];
            rng.Normal<double>(x, 0.0, 1.0);
            rng.Normal<double>(y, 0.0, 1.0);
            using (TensorScope.Begin())
            {
                var loss = Loss.Mse(net.Forward(Tensor.FromDouble<T>(x, Batch, In)), Tensor.FromDouble<T>(y, Batch, Out));
                opt.ZeroGrad();
                loss.Sum().Backward();
                if (clip > 0) opt.ClipGradNorm(clip);
                opt.Step();
            }
        }

        return BitHash.Of(ps);
    }

    /// <summary>Checksums recorded from the flat-span optimisers, "name/float" and "name/double".</summary>
    private static readonly Dictionary<string, string> Golden = new()
    {
        ["sgd/float"] = "a8a6808db1c112e5",
        ["sgd/double"] = "420a78f5669633d0",
        ["sgd-momentum/float"] = "9236f47881eca11a",
        ["sgd-momentum/double"] = "5960fb62e5e31dbd",
        ["sgd-nesterov/float"] = "14b61b28065b408f",
        ["sgd-nesterov/double"] = "0448ac96aaefaac9",
        ["sgd-weight-decay/float"] = "174a7c6db672639a",
        ["sgd-weight-decay/double"] = "db20d84ba8c39331",
        ["sgd-decoupled/float"] = "a017cfe60d0dafd8",
        ["sgd-decoupled/double"] = "d9b53a58c8b10f79",
        ["sgd-two-groups/float"] = "48929adbc68bc587",
        ["sgd-two-groups/double"] = "44434b53d3854468",
        ["sgd-ensemble-rates/float"] = "b5a0687e0ff5d038",
        ["sgd-ensemble-rates/double"] = "dd742c2b771041dd",
        ["sgd-clip/float"] = "2879a5b7831d43fa",
        ["sgd-clip/double"] = "203f551405e4dd96",
        ["adam/float"] = "a6c74e68580723b3",
        ["adam/double"] = "a66fc558a4ac018a",
        ["adam-amsgrad/float"] = "14f2e570fa37a9d0",
        ["adam-amsgrad/double"] = "bd2874d13bfaad1e",
        ["adamw/float"] = "81432604eb6437ab",
        ["adamw/double"] = "e7295ecfb2e73e9c",
        ["adam-l2/float"] = "6e5235ee6761b007",
        ["adam-l2/double"] = "f6e053d85de376c9",
        ["adam-ensemble/float"] = "5a5ffeade9fe2810",
        ["adam-ensemble/double"] = "7a85c4d59c8c3993",
        ["adam-clip/float"] = "8ae3273cf01a9dcc",
        ["adam-clip/double"] = "9dbaab3b8886309e",
        ["rmsprop/float"] = "e1bfec5ffec51b4f",
        ["rmsprop/double"] = "4c07166caf261556",
        ["rmsprop-options/float"] = "41be577f47111d45",
        ["rmsprop-options/double"] = "c7d4b9d88d7c851a",
        ["rmsprop-ensemble/float"] = "879a99c43cf6f4ff",
        ["rmsprop-ensemble/double"] = "4b4a88f0b35191ab",
    };

    [Fact]
    public void Every_optimiser_variant_reproduces_its_recorded_parameter_bits()
    {
        BitHash.AssertRecorded(Golden, Names().SelectMany(c => new[]
        {
            ($"{c.Name}/float", Train<float>(c.Name, c.Ensemble, c.Clip)),
            ($"{c.Name}/double", Train<double>(c.Name, c.Ensemble, c.Clip)),
        }));
    }
}
