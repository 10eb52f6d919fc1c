using System.Numerics;

namespace Tdlab.Tensors.Autodiff;

/// <summary>
/// Derivatives of functions given as closures, built on reverse mode:
/// VJP J^T v (one backward), JVP J t (the double-VJP trick: J t = d/du &lt;J^T u, t&gt;, two backwards),
/// the dense Jacobian (m VJPs), and exact Hessian-vector products by double backward (Pearlmutter 1994).
/// </summary>
public static class Functional
{
    /// <summary>f(x) and J^T v, with J = df/dx at x. Cost: one forward, one backward.</summary>
    public static (Tensor<T> Value, Tensor<T> Vjp) Vjp<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x, Tensor<T> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xi = Input(x);
        using var rec = Autograd.EnableGrad();
        var y = f(xi);
        var g = Autograd.Grad([y], [xi], [v])[0];
        return (y.Detach(), g);
    }

    /// <summary>
    /// f(x) and J t. With u a dummy cotangent, g(u) = J^T u is linear in u and &lt;g(u), t&gt; has gradient J t
    /// with respect to u. Cost: one forward and two backwards (the first recorded).
    /// </summary>
    public static (Tensor<T> Value, Tensor<T> Jvp) Jvp<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x, Tensor<T> t)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xi = Input(x);
        using var rec = Autograd.EnableGrad();
        var y = f(xi);
        var u = Tensor.Zeros<T>(y.Shape);
        u.RequiresGrad = true;
        var g = Autograd.Grad([y], [xi], [u], createGraph: true)[0];
        var jt = Autograd.Grad([g], [u], [t])[0];
        return (y.Detach(), jt);
    }

    /// <summary>The dense Jacobian (f(x).Length, x.Length), row i = J^T e_i. Cost: m backwards.</summary>
    public static Tensor<T> Jacobian<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xi = Input(x);
        using var rec = Autograd.EnableGrad();
        var y = f(xi);
        int m = y.Length, n = x.Length;
        var jac = Tensor.Zeros<T>(m, n);
        var e = Tensor.Zeros<T>(y.Shape);
        for (int i = 0; i < m; i++)
        {
            e.Span.Clear();
            e.Span[i] = T.One;
            Autograd.Grad([y], [xi], [e])[0].Span.CopyTo(jac.Span.Slice(i * n, n));
        }

        return jac;
    }

    /// <summary>
    /// Exact Hessian-vector product H v of a scalar loss with respect to the parameters:
    /// g = dL/dw recorded (createGraph), then H v = d&lt;g, v&gt;/dw. The loss closure is evaluated once.
    /// Cost: one forward and two backwards.
    /// </summary>
    public static Tensor<T>[] Hvp<T>(Func<Tensor<T>> loss, IReadOnlyList<Tensor<T>> parameters, IReadOnlyList<Tensor<T>> v)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (parameters.Count != v.Count) throw new ArgumentException("Hvp: one vector per parameter");
        using var rec = Autograd.EnableGrad();
        var l = loss();
        var g = Autograd.Grad([l], parameters, createGraph: true);
        return Autograd.Grad(g, parameters, v);
    }

    /// <summary>The dense Hessian (n, n) of a scalar function of one tensor, by n HVPs.</summary>
    public static Tensor<T> Hessian<T>(Func<Tensor<T>, Tensor<T>> f, Tensor<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xi = Input(x);
        using var rec = Autograd.EnableGrad();
        var l = f(xi);
        var g = Autograd.Grad([l], [xi], createGraph: true)[0];
        int n = x.Length;
        var h = Tensor.Zeros<T>(n, n);
        var e = Tensor.Zeros<T>(x.Shape);
        for (int i = 0; i < n; i++)
        {
            e.Span.Clear();
            e.Span[i] = T.One;
            Autograd.Grad([g], [xi], [e])[0].Span.CopyTo(h.Span.Slice(i * n, n));
        }

        return h;
    }

    private static Tensor<T> Input<T>(Tensor<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var xi = x.Detach();
        xi.RequiresGrad = true;
        return xi;
    }
}
