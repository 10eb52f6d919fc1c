using Tdlab.Tensors;
using Tdlab.Tensors.Autodiff;
using Tdlab.Tensors.Random;

namespace Tdlab.Tensors.Tests.Autodiff;

/// <summary>Exact Hessian-vector products against closed forms and dense finite-difference Hessians.</summary>
public class HvpTests
{
    [Fact]
    public void QuadraticFormHessianIsTheMatrix()
    {
        // L(x) = 1/2 x^T A x + b^T x with A symmetric: H = A exactly.
        var rng = new Rng(3, "quad");
        var m = Tensor.Normal<double>(rng, new Shape(6, 6));
        var a = (m + m.Transpose()) * 0.5;
        var b = Tensor.Normal<double>(rng, new Shape(6, 1));
        var x = Tensor.Normal<double>(rng, new Shape(6, 1));
        x.RequiresGrad = true;
        var v = Tensor.Normal<double>(rng, new Shape(6, 1));

        var hv = Functional.Hvp(() => x.MatMul(a.MatMul(x), transA: true).Sum() * 0.5 + b.Dot(x), [x], [v])[0];
        var expected = a.MatMul(v);
        for (int i = 0; i < 6; i++) Assert.Equal(expected[i], hv[i], 1e-12);

        var h = Functional.Hessian(z => z.MatMul(a.MatMul(z), transA: true).Sum() * 0.5, x);
        for (int i = 0; i < 36; i++) Assert.Equal(a[i], h[i], 1e-12);
    }

    [Fact]
    public void TwoLayerTanhNetHvpMatchesFiniteDifferenceHessian()
    {
        // L(W1, W2) = 1/2B ||tanh(X W1^T) W2^T - Y||^2 with parameters packed in one vector w.
        var rng = new Rng(5, "tanh-net");
        int d = 3, h = 4, batch = 5;
        var xData = Tensor.Normal<double>(rng, new Shape(batch, d));
        var yData = Tensor.Normal<double>(rng, new Shape(batch, 1));
        int n1 = h * d, n = n1 + h;
        Func<Tensor<double>, Tensor<double>> loss = w =>
        {
            var w1 = w.Narrow(0, 0, n1).Reshape(h, d);
            var w2 = w.Narrow(0, n1, h).Reshape(1, h);
            var r = xData.MatMul(w1, transB: true).Tanh().MatMul(w2, transB: true) - yData;
            return r.Square().Sum() * (0.5 / batch);
        };
        var w0 = Tensor.Normal<double>(rng, new Shape(n));

        // Dense Hessian by central differences of the exact gradient.
        var fd = new double[n, n];
        const double eps = 1e-5;
        for (int j = 0; j < n; j++)
        {
            var e = Tensor.Zeros<double>(n);
            e[j] = eps;
            var lp = GradCheck.Leaf(w0 + e);
            var lm = GradCheck.Leaf(w0 - e);
            var gp = Autograd.Grad(loss(lp), lp);
            var gm = Autograd.Grad(loss(lm), lm);
            for (int i = 0; i < n; i++) fd[i, j] = (gp[i] - gm[i]) / (2 * eps);
        }

        // Compare H v for random v, and the dense Hessian from HVPs.
        var wLeaf = GradCheck.Leaf(w0);
        for (int trial = 0; trial < 3; trial++)
        {
            var v = Tensor.Normal<double>(rng, new Shape(n));
            var hv = Functional.Hvp(() => loss(wLeaf), [wLeaf], [v])[0];
            for (int i = 0; i < n; i++)
            {
                double expected = 0;
                for (int j = 0; j < n; j++) expected += fd[i, j] * v[j];
                Assert.True(Math.Abs(expected - hv[i]) < 1e-8 * Math.Max(1, Math.Abs(expected)), $"Hv[{i}] {hv[i]} vs {expected}");
            }
        }

        var dense = Functional.Hessian(loss, w0);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Assert.True(Math.Abs(fd[i, j] - dense[i, j]) < 1e-8, $"H[{i},{j}] {dense[i, j]} vs {fd[i, j]}");
                Assert.Equal(dense[i, j], dense[j, i], 1e-12);
            }
    }

    [Fact]
    public void JvpAndVjpAgreeWithTheDenseJacobian()
    {
        var rng = new Rng(9, "jac");
        var w = Tensor.Normal<double>(rng, new Shape(3, 4));
        Func<Tensor<double>, Tensor<double>> f = x => w.MatMul(x.Reshape(4, 1)).Tanh().Reshape(3) * x.Sum();
        var x0 = Tensor.Normal<double>(rng, new Shape(4));
        var jac = Functional.Jacobian(f, x0);
        var t = Tensor.Normal<double>(rng, new Shape(4));
        var u = Tensor.Normal<double>(rng, new Shape(3));
        var jt = Functional.Jvp(f, x0, t).Jvp;
        var ju = Functional.Vjp(f, x0, u).Vjp;
        for (int i = 0; i < 3; i++)
        {
            double e = 0;
            for (int j = 0; j < 4; j++) e += jac[i, j] * t[j];
            Assert.Equal(e, jt[i], 1e-12);
        }

        for (int j = 0; j < 4; j++)
        {
            double e = 0;
            for (int i = 0; i < 3; i++) e += jac[i, j] * u[i];
            Assert.Equal(e, ju[j], 1e-12);
        }

        // and the Jacobian itself against central differences
        const double eps = 1e-6;
        for (int j = 0; j < 4; j++)
        {
            var e = Tensor.Zeros<double>(4);
            e[j] = eps;
            var d = (f(x0 + e) - f(x0 - e)) / (2 * eps);
            for (int i = 0; i < 3; i++) Assert.Equal(d[i], jac[i, j], 1e-8);
        }
    }
}
