using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>
/// Backpropagation through time checked by finite differences in float64 through 5 steps: the map
/// (x, h_0 [, c_0], parameters) -> (h_1..h_5 [, c_5]) for every cell, first and second order.
/// </summary>
public class BpttGradTests
{
    private const int Steps = 5, Batch = 3, Input = 4, Hidden = 5;

    public static TheoryData<string> Cells => CellFactory.All();

    [Theory]
    [MemberData(nameof(Cells))]
    public void FirstOrderMatchesFiniteDifferences(string kind)
    {
        var (f, leaves) = Unrolled(kind);
        ParamGradCheck.Check(f, leaves, kind);
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void SecondOrderMatchesFiniteDifferences(string kind)
    {
        var (f, leaves) = Unrolled(kind);
        ParamGradCheck.CheckTwice(f, leaves, kind);
    }

    // f() = concat(vec(h_1..h_T) [, vec(c_T)]) with x, the initial state and the parameters as leaves
    private static (Func<Tensor<double>>, Tensor<double>[]) Unrolled(string kind)
    {
        var cell = CellFactory.Make<double>(kind, Input, Hidden);
        var rnn = new Recurrent<double>(cell);
        var x = ParamGradCheck.Leaf(1, "x", 1.0, Steps, Batch, Input);
        var h0 = ParamGradCheck.Leaf(2, "h0", 0.5, Batch, Hidden);
        var c0 = cell.HasCellState ? ParamGradCheck.Leaf(3, "c0", 0.5, Batch, Hidden) : null;
        var leaves = new List<Tensor<double>> { x, h0 };
        if (c0 is not null) leaves.Add(c0);
        leaves.AddRange(cell.Parameters());
        Func<Tensor<double>> f = () =>
        {
            var seq = rnn.Run(x, new RecurrentState<double>(h0, c0));
            var hs = seq.Stacked().Reshape(-1);
            return seq.Final.C is { } c ? Tensor.Concat([hs, c.Reshape(-1)]) : hs;
        };
        return (f, leaves.ToArray());
    }
}
