using System.Numerics;

namespace Tdlab.Nn.Projected;

/// <summary>
/// E independent projected ReLU nets f_e(x) = v^T relu(U (W x) + b) trained by plain SGD on the square loss
/// L = 1/2 sum_i (y_i - f(x_i))^2 of a minibatch (seed 003, ch. 4), each member on its own data. The gradient is
/// written out by hand (this net is too small for a tensor engine's per-op overhead to pay), vectorised over the
/// hidden units for k = 1; <see cref="ProjectedReluNet"/>'s autodiff gradient is its reference in the tests.
/// Per example (r = f - y, a = relu(h), h = U t + b, t = W x):
/// dL/dv = r a; dL/dh = r v [h &gt; 0]; dL/db = dL/dh; dL/dU = dL/dh t^T; dL/dt = U^T dL/dh; dL/dW = dL/dt x^T.
/// Cost per example: about 8 m k + 2 k d flops. Members are independent, so member e's trajectory is the one it follows alone.
/// </summary>
public sealed class ProjectedReluEnsemble
{
    private readonly ProjectedReluWeights[] _members;
    private readonly ProjectedReluWeights _grad;
    private readonly double[] _hidden;
    private readonly double[] _t;
    private readonly double[] _dt;

    public ProjectedReluEnsemble(IReadOnlyList<ProjectedReluWeights> members)
    {
        if (members.Count == 0) throw new ArgumentException("ProjectedReluEnsemble: needs at least one member");
        var first = members[0];
        if (members.Any(p => p.D != first.D || p.M != first.M || p.K != first.K))
            throw new ArgumentException("ProjectedReluEnsemble: members must have one shape");
        _members = [.. members];
        _grad = new ProjectedReluWeights(first.D, first.M, first.K);
        _hidden = new double[first.M];
        _t = new double[first.K];
        _dt = new double[first.K];
    }

    public IReadOnlyList<ProjectedReluWeights> Members => _members;

    /// <summary>The parts an SGD step updates (default: all).</summary>
    public ProjectedReluParts Trainable { get; init; } = ProjectedReluParts.All;

    /// <summary>
    /// One SGD step of member <paramref name="member"/> on the batch x (B, d) row-major, y (B):
    /// theta &lt;- theta - lr dL/dtheta on the trainable parts. Returns L = 1/2 sum_i (y_i - f(x_i))^2 before the update.
    /// </summary>
    public double Step(int member, ReadOnlySpan<double> x, ReadOnlySpan<double> y, double lr)
    {
        var p = _members[member];
        double loss = Gradient(p, x, y, _grad);
        if ((Trainable & ProjectedReluParts.Projection) != 0) Axpy(-lr, _grad.W, p.W);
        if ((Trainable & ProjectedReluParts.Learner) != 0)
        {
            Axpy(-lr, _grad.U, p.U);
            Axpy(-lr, _grad.B, p.B);
            Axpy(-lr, _grad.V, p.V);
        }

        return loss;
    }

    /// <summary>L = 1/2 sum_i (y_i - f(x_i))^2 on x (B, d), y (B) and its gradient into <paramref name="grad"/> (overwritten).</summary>
    public double Gradient(ProjectedReluWeights p, ReadOnlySpan<double> x, ReadOnlySpan<double> y, ProjectedReluWeights grad)
    {
        int d = p.D, batch = y.Length;
        if (x.Length != batch * d) throw new ArgumentException($"ProjectedReluEnsemble: x has {x.Length} values for {batch} rows of {d}");
        Array.Clear(grad.W);
        Array.Clear(grad.U);
        Array.Clear(grad.B);
        Array.Clear(grad.V);
        double loss = 0;
        for (int i = 0; i < batch; i++)
        {
            var xi = x.Slice(i * d, d);
            double r = p.K == 1 ? ExampleK1(p, xi, y[i], grad) : ExampleGeneral(p, xi, y[i], grad);
            loss += 0.5 * r * r;
        }

        return loss;
    }

    /// <summary>f on every row of x (n, d) into <paramref name="f"/> (n).</summary>
    public static void Outputs(ProjectedReluWeights p, ReadOnlySpan<double> x, Span<double> f)
    {
        for (int i = 0; i < f.Length; i++) f[i] = p.Output(x.Slice(i * p.D, p.D));
    }

    /// <summary>One example's forward and backward for k = 1, vectorised over the m hidden units; returns r = f - y.</summary>
    private double ExampleK1(ProjectedReluWeights p, ReadOnlySpan<double> xi, double yi, ProjectedReluWeights g)
    {
        int m = p.M, w = Vector<double>.Count;
        double t = Dot(p.W, xi);
        var a = _hidden.AsSpan();
        var tv = new Vector<double>(t);
        var fv = Vector<double>.Zero;
        int j = 0;
        for (; j <= m - w; j += w)
        {
            var h = Vector.Max(new Vector<double>(p.U, j) * tv + new Vector<double>(p.B, j), Vector<double>.Zero);   // a = relu(u t + b)
            h.CopyTo(a.Slice(j));
            fv += h * new Vector<double>(p.V, j);
        }

        double f = Vector.Sum(fv);
        for (; j < m; j++)
        {
            a[j] = Math.Max(p.U[j] * t + p.B[j], 0);
            f += p.V[j] * a[j];
        }

        double r = f - yi;
        var rv = new Vector<double>(r);
        var dtv = Vector<double>.Zero;
        j = 0;
        for (; j <= m - w; j += w)
        {
            var aj = new Vector<double>(a.Slice(j));
            (new Vector<double>(g.V, j) + rv * aj).CopyTo(g.V, j);                                                // dL/dv += r a
            var dh = Vector.ConditionalSelect(Vector.GreaterThan(aj, Vector<double>.Zero), rv * new Vector<double>(p.V, j), Vector<double>.Zero);
            (new Vector<double>(g.B, j) + dh).CopyTo(g.B, j);                                                     // dL/db += dh
            (new Vector<double>(g.U, j) + dh * tv).CopyTo(g.U, j);                                                // dL/du += dh t
            dtv += dh * new Vector<double>(p.U, j);                                                               // dL/dt += u . dh
        }

        double dt = Vector.Sum(dtv);
        for (; j < m; j++)
        {
            g.V[j] += r * a[j];
            double dh = a[j] > 0 ? r * p.V[j] : 0;
            g.B[j] += dh;
            g.U[j] += dh * t;
            dt += dh * p.U[j];
        }

        for (int l = 0; l < xi.Length; l++) g.W[l] += dt * xi[l];                                                 // dL/dw += dt x
        return r;
    }

    /// <summary>One example's forward and backward for any bottleneck k (scalar loops); returns r = f - y.</summary>
    private double ExampleGeneral(ProjectedReluWeights p, ReadOnlySpan<double> xi, double yi, ProjectedReluWeights g)
    {
        int m = p.M, k = p.K, d = p.D;
        for (int q = 0; q < k; q++) _t[q] = Dot(p.W.AsSpan(q * d, d), xi);
        double f = 0;
        for (int j = 0; j < m; j++)
        {
            double h = p.B[j];
            for (int q = 0; q < k; q++) h += p.U[j * k + q] * _t[q];
            _hidden[j] = Math.Max(h, 0);
            f += p.V[j] * _hidden[j];
        }

        double r = f - yi;
        Array.Clear(_dt);
        for (int j = 0; j < m; j++)
        {
            g.V[j] += r * _hidden[j];
            if (!(_hidden[j] > 0)) continue;
            double dh = r * p.V[j];
            g.B[j] += dh;
            for (int q = 0; q < k; q++)
            {
                g.U[j * k + q] += dh * _t[q];
                _dt[q] += dh * p.U[j * k + q];
            }
        }

        for (int q = 0; q < k; q++)
            for (int l = 0; l < d; l++) g.W[q * d + l] += _dt[q] * xi[l];
        return r;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int l = 0; l < a.Length; l++) s += a[l] * b[l];
        return s;
    }

    private static void Axpy(double alpha, double[] x, double[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] += alpha * x[i];
    }
}
