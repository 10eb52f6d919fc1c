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
}
