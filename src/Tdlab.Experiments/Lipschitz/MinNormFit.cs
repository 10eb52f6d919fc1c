using Tdlab.Tensors.Linalg;

namespace Tdlab.Experiments.Lipschitz;

/// <summary>
/// Minimum-norm least squares B = Phi^+ Y: of all minimisers of ||Phi B - Y||_F the one of least ||B||_F
/// (the limit of gradient descent on the squared loss from B = 0). This is how a random-features model
/// (Rahimi and Recht 2007) is fitted in the double-descent experiments of Belkin, Hsu, Ma and Mandal 2019
/// ("Reconciling modern machine-learning practice and the bias-variance trade-off", PNAS), whose test error
/// peaks where the number of features q crosses the number of examples n.
/// Through the Gram matrix of the smaller side: q &lt;= n: B = (Phi^T Phi)^+ Phi^T Y; q &gt; n: B = Phi^T (Phi Phi^T)^+ Y,
/// the pseudo-inverse from the symmetric eigendecomposition, eigenvalues below 1e-13 k lambda_max dropped.
/// Cost: n q min(n, q) for the Gram matrix and about 9 min(n, q)^3 for the eigendecomposition.
/// </summary>
internal static class MinNormFit
{
    /// <summary>B (q, c) for phi (n, q) and y (n, c), all row-major.</summary>
    public static double[] Solve(double[] phi, int n, int q, double[] y, int c)
    {
        if (phi.Length != n * q || y.Length != n * c)
            throw new ArgumentException($"MinNormFit.Solve: phi has {phi.Length} entries, expected n q = {n} x {q}; y has {y.Length}, expected n c = {n} x {c}");
        bool tall = q <= n;
        int k = tall ? q : n;
        var gram = new double[k * k];                                       // (k, k): Phi^T Phi or Phi Phi^T
        var rhs = new double[k * c];                                        // (k, c): Phi^T Y or Y
        if (tall)
        {
            for (int i = 0; i < n; i++)
                for (int a = 0; a < q; a++)
                {
                    double pa = phi[i * q + a];
                    if (pa == 0) continue;
                    for (int b = 0; b < q; b++) gram[a * q + b] += pa * phi[i * q + b];
                    for (int j = 0; j < c; j++) rhs[a * c + j] += pa * y[i * c + j];
                }
        }
        else
        {
            for (int i = 0; i < n; i++)
                for (int l = 0; l <= i; l++)
                {
                    double s = 0;
                    for (int a = 0; a < q; a++) s += phi[i * q + a] * phi[l * q + a];
                    gram[i * n + l] = gram[l * n + i] = s;
                }

            Array.Copy(y, rhs, y.Length);
        }

        var eig = SymmetricEigen.Decompose(gram, k);
        double cut = 1e-13 * k * Math.Max(eig.Values[^1], 0);
        var z = new double[k * c];                                          // (k, c) = G^+ rhs
        for (int e = 0; e < k; e++)
        {
            double lambda = eig.Values[e];
            if (lambda <= cut) continue;
            for (int j = 0; j < c; j++)
            {
                double vr = 0;
                for (int a = 0; a < k; a++) vr += eig.Vectors[a * k + e] * rhs[a * c + j];
                vr /= lambda;
                for (int a = 0; a < k; a++) z[a * c + j] += eig.Vectors[a * k + e] * vr;
            }
        }

        if (tall) return z;
        var b2 = new double[q * c];                                         // Phi^T z
        for (int i = 0; i < n; i++)
            for (int a = 0; a < q; a++)
            {
                double pa = phi[i * q + a];
                if (pa == 0) continue;
                for (int j = 0; j < c; j++) b2[a * c + j] += pa * z[i * c + j];
            }

        return b2;
    }
}
