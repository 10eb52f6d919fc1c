using System.Numerics;
using Tdlab.Nn.Recurrent;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Tests.Recurrent;

/// <summary>The fused steps against the reference steps written with plain tensor ops: values and gradients.</summary>
public class FusedStepTests
{
    public static TheoryData<string> Cells => CellFactory.All();

    [Theory]
    [MemberData(nameof(Cells))]
    public void FusedMatchesReferenceInDouble(string kind) => Compare<double>(kind, 1e-12);

    [Theory]
    [MemberData(nameof(Cells))]
    public void FusedMatchesReferenceInFloat(string kind) => Compare<float>(kind, 2e-5);

    [Theory]
    [MemberData(nameof(Cells))]
    public void BadShapesNameTheCell(string kind)
    {
        var cell = CellFactory.Make<double>(kind, 3, 4);
        var state = cell.ZeroState(2);
        var ex = Assert.Throws<ArgumentException>(() => cell.Step(Tensor.Zeros<double>(2, 5), state));
        Assert.Contains("Step", ex.Message);
        Assert.Throws<ArgumentException>(() => cell.Step(Tensor.Zeros<double>(3, 3), state));
        Assert.Throws<ArgumentException>(() => new Recurrent<double>(cell).Run(Tensor.Zeros<double>(4, 2, 5)));
    }

    // unroll 5 steps with Step and with StepReference from the same state; compare h_t and all gradients
    private static void Compare<T>(string kind, double tol) where T : unmanaged, IFloatingPointIeee754<T>
    {
        const int steps = 5, batch = 7, input = 3, hidden = 19;   // 19: vector tails
        var cell = CellFactory.Make<T>(kind, input, hidden, RecurrentInit.Gaussian(1.3, 1.0, 0.4));
        var rng = new Rng(5, kind);
        var x = Tensor.Normal<T>(rng, new Shape(steps, batch, input));
        var c = Tensor.Normal<T>(rng, new Shape(steps, batch, hidden));
        var leaves = cell.Parameters().ToList();
        var (hFast, gFast) = Unroll(cell, x, c, leaves, reference: false);
        var (hRef, gRef) = Unroll(cell, x, c, leaves, reference: true);
        AssertClose(hRef, hFast, tol, $"{kind} h_t");
        for (int i = 0; i < leaves.Count; i++) AssertClose(gRef[i], gFast[i], tol, $"{kind} d/d{leaves[i].Name}");
    }

    private static (Tensor<T> H, Tensor<T>[] Grads) Unroll<T>(RecurrentCell<T> cell, Tensor<T> x, Tensor<T> c,
        List<Tensor<T>> leaves, bool reference) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int steps = x.Shape[0], batch = x.Shape[1];
        var state = cell.ZeroState(batch);
        var hs = new List<Tensor<T>>();
        for (int t = 0; t < steps; t++)
        {
            var xt = x.SliceRows(t, 1).Reshape(batch, cell.InputSize);
            state = reference ? cell.StepReference(xt, state) : cell.Step(xt, state);
            hs.Add(state.H);
        }

        var stacked = Tensor.Stack(hs);
        var loss = (stacked * c).Sum() + stacked.Square().Sum();
        return (stacked, Autograd.Grad([loss], leaves));
    }

    private static void AssertClose<T>(Tensor<T> expected, Tensor<T> actual, double tol, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var e = expected.ToDoubleArray();
        var a = actual.ToDoubleArray();
        double scale = Math.Max(1.0, e.Max(Math.Abs));
        for (int i = 0; i < e.Length; i++)
            Assert.True(Math.Abs(e[i] - a[i]) <= tol * scale, $"{what}[{i}]: reference {e[i]:R}, fused {a[i]:R}");
    }
}
