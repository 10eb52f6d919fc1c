using System.Numerics;
using Tdlab.Nn;
using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;

namespace Tdlab.Probes;

/// <summary>
/// The input-output Jacobian J = df/dx of a network at one input x, as a dense (m, n) tensor
/// (m outputs, n inputs), row i = gradient of output i. Two methods:
/// <list type="bullet">
/// <item><see cref="OfMlp{T}"/>: for a feed-forward <see cref="Sequential{T}"/> of Linear layers and elementwise
/// activations, the product J = D_L W_L ... D_1 W_1 (seed 004 eq. 2; Pennington et al. 2017) built forward
/// with no autodiff tape;</item>
/// <item><see cref="Batched{T}"/>: for any row-wise map, all m vector-Jacobian products in one backward pass
/// (m copies of x forward, the identity as cotangent).</item>
/// </list>
/// Both agree with <see cref="Functional.Jacobian{T}"/> (m separate backward passes).
/// </summary>
public static class InputJacobian
{
    /// <summary>
    /// J of the first <paramref name="layers"/> children of <paramref name="model"/> (all when null) at
    /// <paramref name="x"/> ((n) or (1, n)). Walking forward with h_0 = x and J_0 = I (n, n):
    /// Linear W: h &lt;- h W^T + b, J &lt;- W J;  elementwise phi: D = diag(phi'(h)), h &lt;- phi(h), J &lt;- D J.
    /// phi'(h) is the gradient of sum phi(h) (one VJP on one row). Cost: sum over Linear layers of
    /// 2 n_out n_in n flops (one GEMM each) plus one forward pass; memory O(max n_l n).
    /// Throws for a child that is neither Linear (single model) nor a known elementwise activation.
    /// </summary>
    public static Tensor<T> OfMlp<T>(Sequential<T> model, Tensor<T> x, int? layers = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(model);
        var h = Row(x, "InputJacobian.OfMlp");
        int count = layers ?? model.Count;
        if (count < 0 || count > model.Count)
            throw new ArgumentOutOfRangeException(nameof(layers), count, $"InputJacobian.OfMlp: the model has {model.Count} children");
        int n = h.Shape[1];
        var jac = Tensor.Eye<T>(n);   // (n_l, n)
        for (int i = 0; i < count; i++)
        {
            var layer = model.Layers[i];
            if (layer is Linear<T> linear)
            {
                if (linear.MemberCount != 0)
                    throw new ArgumentException($"InputJacobian.OfMlp: child {i} is an ensemble Linear; pass a single model");
                using (Autograd.NoGrad())
                {
                    jac = linear.Weight.MatMul(jac);   // (out, in) @ (in, n) -> (out, n)
                    h = linear.Forward(h);
                }
            }
            else if (IsElementwise(layer))
            {
                var ones = Tensor.Ones<T>(h.Shape);
                var (value, slope) = Functional.Vjp(layer.Forward, h, ones);   // phi(h), phi'(h): (1, n_l)
                using (Autograd.NoGrad()) jac = jac * slope.Reshape(-1, 1);    // D J: row r scaled by phi'(h_r)
                h = value;
            }
            else
            {
                throw new ArgumentException(
                    $"InputJacobian.OfMlp: child {i} ({layer.GetType().Name}) is neither Linear nor an elementwise activation; use InputJacobian.Batched");
            }
        }

        return jac;
    }

    /// <summary>
    /// J of a row-wise map <paramref name="f"/> ((B, n) -> (B, m), rows independent) at <paramref name="x"/>
    /// ((n) or (1, n)): X = m copies of x (m, n), Y = f(X) (m, m), and one backward pass with cotangent I_m gives
    /// dX = I_m^T dY/dX whose row i is J^T e_i, i.e. row i of J. Cost: one forward of one row, one forward and
    /// one backward of m rows. Wrong for maps that mix rows (batch normalisation in training mode).
    /// </summary>
    public static Tensor<T> Batched<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        var row = Row(x, "InputJacobian.Batched");
        int n = row.Shape[1];
        int m;
        using (Autograd.NoGrad())
        {
            var y0 = f(row);
            if (y0.Rank != 2 || y0.Shape[0] != 1)
                throw new ArgumentException($"InputJacobian.Batched: f must map (1, {n}) to (1, m), got {y0.Shape}");
            m = y0.Shape[1];
        }

        var copies = row.Detach().BroadcastTo(new Shape(m, n)).Clone();   // (m, n)
        copies.RequiresGrad = true;
        using var rec = Autograd.EnableGrad();
        var y = f(copies);   // (m, m)
        return Autograd.Grad([y], [copies], [Tensor.Eye<T>(m)])[0];
    }

    /// <summary>Activations whose Jacobian is diagonal: the parameter-free elementwise modules of Tdlab.Nn.</summary>
    public static bool IsElementwise<T>(Module<T> layer) where T : unmanaged, IFloatingPointIeee754<T> =>
        layer is Identity<T> or Relu<T> or Tanh<T> or Sigmoid<T> or Softplus<T> or Erf<T> or HardTanh<T>;

    private static Tensor<T> Row<T>(Tensor<T> x, string op) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.Rank == 1) return x.Detach().Reshape(1, -1);
        if (x.Rank == 2 && x.Shape[0] == 1) return x.Detach();
        throw new ArgumentException($"{op}: x must be one input of shape (n) or (1, n), got {x.Shape}");
    }
}
