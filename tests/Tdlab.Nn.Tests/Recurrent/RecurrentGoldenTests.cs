using System.Numerics;
using Tdlab.Nn.Recurrent;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>
/// Bit-identity of the recurrent cells' orthogonal initialisation: every parameter of an RNN, GRU, LSTM and
/// minimalRNN drawn with <see cref="RecurrentInit.Orthogonal"/> is hashed (<see cref="BitHash"/>) and compared
/// with checksums recorded from the cells' former private Gram-Schmidt copy, so that stored experiment
/// results keep their initial weights.
/// The checksums were recorded on x64 with AVX-512; a machine with another vector width may reduce (dot
/// products, GEMM, norms) in another order and needs its own recording from the same commit.
/// </summary>
public class RecurrentGoldenTests
{
    private static readonly string[] Kinds = ["rnn", "gru", "lstm", "minimal"];

    private static string Hash<T>(string kind) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cell = CellFactory.Make<T>(kind, 3, 6, RecurrentInit.Orthogonal(gain: 1.3, sigmaU: 0.7, sigmaB: 0.2));
        return BitHash.Of(cell.Parameters());
    }

    /// <summary>Checksums recorded before the switch to the shared routine, "kind/float" and "kind/double".</summary>
    private static readonly Dictionary<string, string> Golden = new()
    {
        ["rnn/float"] = "2ac09a30acff1e89",
        ["rnn/double"] = "aa37df53973ec1e2",
        ["gru/float"] = "44a616d627748404",
        ["gru/double"] = "ed4d465f7400b14c",
        ["lstm/float"] = "e01c643623308284",
        ["lstm/double"] = "3a1ba24da636eaf2",
        ["minimal/float"] = "b17e940871df25db",
        ["minimal/double"] = "39d8b9fe67d3ce4b",
    };

    [Fact]
    public void Orthogonal_initialisation_reproduces_its_recorded_weight_bits()
    {
        BitHash.AssertRecorded(Golden, Kinds.SelectMany(k => new[] { ($"{k}/float", Hash<float>(k)), ($"{k}/double", Hash<double>(k)) }));
    }
}
