using Tdlab.Tensors.Linalg;
using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// A whitened input-output data set: X (nIn, P) with Sigma11 = X X^T / P = I and Y (nOut, P) with
/// Sigma31 = Y X^T / P, and the SVD Sigma31 = U S V^T whose modes the network learns.
/// </summary>
internal sealed record LinearTask(double[] X, double[] Y, int NIn, int NOut, int P, double[] Sigma31, SvdFactors Svd)
{
    /// <summary>
    /// "spectrum": Sigma31 = U diag(s) V^T with Haar U (nOut, k), V (nIn, k), nIn = nOut = width &gt;= k; inputs
    /// X = sqrt(P) Q (Q Haar orthogonal, P = nIn) so Sigma11 = I exactly, and Y = Sigma31 X.
    /// </summary>
    public static LinearTask Spectrum(double[] s, int width, Rng rng)
    {
        int k = s.Length, n = width, p = width;
        if (k < 1 || n < k) throw new ArgumentException($"LinearTask.Spectrum: width {width} must be >= the {k} singular values");
        var u = Orthogonal.Haar(rng.Child("U"), n, k);
        var v = Orthogonal.Haar(rng.Child("V"), n, k);
        var sigma31 = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int a = 0; a < k; a++) sigma31[i * n + j] += u[i * k + a] * s[a] * v[j * k + a];
        var q = Orthogonal.Haar(rng.Child("X"), n, n);
        var x = q.Select(e => e * Math.Sqrt(p)).ToArray();
        var y = new double[n * p];
        for (int i = 0; i < n; i++)
            for (int m = 0; m < p; m++)
                for (int j = 0; j < n; j++) y[i * p + m] += sigma31[i * n + j] * x[j * p + m];
        return new LinearTask(x, y, n, n, p, sigma31, Tdlab.Tensors.Linalg.Svd.Decompose(sigma31, n, n));
    }

    /// <summary>
    /// "hierarchy" (Saxe et al. 2013, hierarchically structured data): P = 2^levels items at the leaves of a binary
    /// tree, one output feature per tree node (2^{levels+1} - 1), feature = scale when the node is an ancestor of (or is)
    /// the item. Inputs one-hot times sqrt(P) (Sigma11 = I). Singular values scale sqrt(lambda / P) with lambda the
    /// eigenvalues of the shared-ancestor count matrix: one per tree level, learned in stages.
    /// </summary>
    public static LinearTask Hierarchy(int levels, double scale)
    {
        if (levels < 1 || levels > 8) throw new ArgumentException($"LinearTask.Hierarchy: levels must be in 1..8, got {levels}");
        int p = 1 << levels, nodes = (1 << (levels + 1)) - 1;
        var y = new double[nodes * p];
        for (int item = 0; item < p; item++)
            for (int depth = 0; depth <= levels; depth++)
            {
                int node = (1 << depth) - 1 + (item >> (levels - depth));   // heap index of the ancestor at this depth
                y[node * p + item] = scale;
            }

        double root = Math.Sqrt(p);
        var x = new double[p * p];
        for (int i = 0; i < p; i++) x[i * p + i] = root;
        var sigma31 = y.Select(e => e / root).ToArray();   // Y X^T / P = Y sqrt(P) / P
        return new LinearTask(x, y, p, nodes, p, sigma31, Tdlab.Tensors.Linalg.Svd.Decompose(sigma31, nodes, p));
    }

    /// <summary>The modes with a non-zero singular value (above 1e-9 of the largest).</summary>
    public int Modes => Svd.S.Count(v => v > 1e-9 * Svd.S[0]);
}
