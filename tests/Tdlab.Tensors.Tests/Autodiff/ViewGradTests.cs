using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Tensors.Tests.Autodiff;

/// <summary>
/// The plain backward of row views (<see cref="Tensor{T}.SliceRows"/>) adds each view's gradient into a range of
/// one buffer instead of zero-padding it: the same numbers as the padded adjoint, bit for bit.
/// </summary>
public class ViewGradTests
{
    // The same function written twice: through views (SliceRows) and through copies whose adjoint pads (Narrow).
    private static Tensor<float> Loss(Tensor<float> x, bool views)
    {
        Tensor<float> Rows(int start, int count) => views ? x.SliceRows(start, count) : x.Narrow(0, start, count);
        var whole = x.Tanh();
        return (Rows(0, 3).Square() * Rows(1, 3)).Sum() + Rows(3, 2).Sigmoid().Sum() * whole.Sum() + Rows(4, 1).Exp().Sum();
    }

    [Fact]
    public void Views_give_the_padded_adjoint_bit_for_bit()
    {
        var x0 = Tensor.Normal<float>(new Tdlab.Tensors.Random.Rng(7, "views"), new Shape(5, 33));
        float[] Gradient(bool views)
        {
            var x = x0.Clone();
            x.RequiresGrad = true;
            return Autograd.Grad([Loss(x, views)], [x])[0].ToArray();
        }

        var padded = Gradient(views: false);
        var added = Gradient(views: true);
        Assert.Equal(padded.Length, added.Length);
        for (int i = 0; i < padded.Length; i++)
            Assert.Equal(BitConverter.SingleToInt32Bits(padded[i]), BitConverter.SingleToInt32Bits(added[i]));
    }

    // Add hands its gradient object to both inputs; when the walk owns that buffer (a view's accumulated gradient, or a
    // tensor used twice), a later contribution to one input must not be added into it in place (found in review,
    // 2026-12-02; the second case failed before the view path too).
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_gradient_handed_to_two_inputs_is_not_added_into_in_place(bool view)
    {
        var a0 = GradCheck.Randn(3, 4, 3);
        var b0 = GradCheck.Randn(4, 4, 3);
        var a = GradCheck.Leaf(a0);
        var b = GradCheck.Leaf(b0);
        var p = a + b;
        var loss = view
            ? a.Exp().Sum() + p.SliceRows(0, 2).Square().Sum()
            : a.Exp().Sum() + p.Square().Sum() + p.Sum();
        var grads = Autograd.Grad([loss], [a, b]);

        // d/db: 2p on the rows the loss reads (view) or 2p + 1 everywhere; d/da adds exp(a)
        var pv = (a0 + b0).ToArray();
        var ea = a0.Exp().ToArray();
        var ga = grads[0].ToArray();
        var gb = grads[1].ToArray();
        for (int i = 0; i < pv.Length; i++)
        {
            double expectedB = view ? (i < 2 * 3 ? 2 * pv[i] : 0) : 2 * pv[i] + 1;
            Assert.Equal(expectedB, gb[i], 12);
            Assert.Equal(expectedB + ea[i], ga[i], 12);
        }
    }

    // A gradient handed on as a view: Reshape's backward passes on a view of the row views' accumulated gradient, which
    // the affine node reads afterwards; inside a tensor scope (where buffers are pooled). q = 2x as (2, 3),
    // L = sum(q_0^2) + sum(exp(q_1)): dL/dx = 2 [2 q_0 | exp(q_1)].
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_gradient_handed_on_as_a_view_reaches_the_leaf(bool backward)
    {
        using var scope = Tdlab.Tensors.Storage.TensorScope.Begin();
        var x0 = GradCheck.Randn(5, 3, 2);
        var x = GradCheck.Leaf(x0);
        var q = (x * 2.0).Reshape(2, 3);
        var loss = q.SliceRows(0, 1).Square().Sum() + q.SliceRows(1, 1).Exp().Sum();
        double[] g;
        if (backward)
        {
            loss.Backward();
            g = x.Grad!.ToArray();
        }
        else
        {
            g = Autograd.Grad([loss], [x])[0].ToArray();
        }

        var qv = (x0 * 2.0).ToArray();
        for (int i = 0; i < qv.Length; i++)
            Assert.Equal(2 * (i < 3 ? 2 * qv[i] : Math.Exp(qv[i])), g[i], 12);
    }
}
