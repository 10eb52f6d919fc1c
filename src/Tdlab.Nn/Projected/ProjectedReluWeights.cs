using Tdlab.Tensors.Random;

namespace Tdlab.Nn.Projected;

/// <summary>
/// The parameters of one projected ReLU net f(x) = v^T relu(U (W x) + b) (seed 003, Eq. 3.3; bottleneck k):
/// W (k, d) row-major, U (m, k) row-major, b (m), v (m). k = 1 is the thesis' three-layer net
/// f(x) = v^T relu(u (w^T x) + b); the 1-D learner g(t) = v^T relu(u t + b) is its last two layers.
/// </summary>
public sealed class ProjectedReluWeights
{
    public ProjectedReluWeights(int inputs, int width, int bottleneck = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(bottleneck, 1);
        D = inputs;
        M = width;
        K = bottleneck;
        W = new double[K * D];
        U = new double[M * K];
        B = new double[M];
        V = new double[M];
    }

    /// <summary>Input dimension d.</summary>
    public int D { get; }

    /// <summary>Hidden width m of the 1-D learner.</summary>
    public int M { get; }

    /// <summary>Bottleneck width k (1: the projection w).</summary>
    public int K { get; }

    /// <summary>Projection W (k, d), row-major.</summary>
    public double[] W { get; }

    /// <summary>Hidden weights U (m, k), row-major.</summary>
    public double[] U { get; }

    /// <summary>Hidden biases b (m).</summary>
    public double[] B { get; }

    /// <summary>Output weights v (m).</summary>
    public double[] V { get; }

    /// <summary>Total number of parameters k d + m k + 2 m.</summary>
    public int Count => W.Length + U.Length + B.Length + V.Length;

    /// <summary>
    /// The thesis' initialisation: W ~ N(0, 1/d) (LeCun), and PyTorch's default for the 1-D learner's layers
    /// (nn.Linear(k, m): U, b ~ U(-1/sqrt(k), 1/sqrt(k)); nn.Linear(m, 1, bias=False): v ~ U(-1/sqrt(m), 1/sqrt(m))).
    /// Draws W, then U, b, v from children of <paramref name="rng"/> named "w" and "g", so the 1-D learner's
    /// draws do not depend on d or on how W is set.
    /// </summary>
    public static ProjectedReluWeights Init(int inputs, int width, int bottleneck, Rng rng)
    {
        var p = new ProjectedReluWeights(inputs, width, bottleneck);
        rng.Child("w").Normal<double>(p.W, 0, 1 / Math.Sqrt(inputs));
        var g = rng.Child("g");
        double su = 1 / Math.Sqrt(bottleneck), sv = 1 / Math.Sqrt(width);
        g.Uniform<double>(p.U, -su, su);
        g.Uniform<double>(p.B, -su, su);
        g.Uniform<double>(p.V, -sv, sv);
        return p;
    }

    public ProjectedReluWeights Clone()
    {
        var p = new ProjectedReluWeights(D, M, K);
        CopyTo(p);
        return p;
    }

    /// <summary>Copies every parameter into <paramref name="other"/> (same shapes).</summary>
    public void CopyTo(ProjectedReluWeights other)
    {
        if (other.D != D || other.M != M || other.K != K)
            throw new ArgumentException($"ProjectedReluWeights.CopyTo: shapes (d {D}, m {M}, k {K}) and (d {other.D}, m {other.M}, k {other.K}) differ");
        W.CopyTo(other.W, 0);
        U.CopyTo(other.U, 0);
        B.CopyTo(other.B, 0);
        V.CopyTo(other.V, 0);
    }

    /// <summary>Every parameter in one vector, in the order W, U, b, v (that of <see cref="ProjectedReluNet"/>'s parameters).</summary>
    public double[] Flatten() => [.. W, .. U, .. B, .. V];

    /// <summary>f(x) for one input x (d).</summary>
    public double Output(ReadOnlySpan<double> x)
    {
        Span<double> t = K <= 64 ? stackalloc double[K] : new double[K];
        for (int q = 0; q < K; q++)
        {
            double s = 0;
            for (int l = 0; l < D; l++) s += W[q * D + l] * x[l];
            t[q] = s;
        }

        double f = 0;
        for (int j = 0; j < M; j++)
        {
            double h = B[j];
            for (int q = 0; q < K; q++) h += U[j * K + q] * t[q];
            if (h > 0) f += V[j] * h;
        }

        return f;
    }
}
