using Tdlab.Tensors.Linalg;

namespace Tdlab.Experiments.Isometry;

/// <summary>
/// The critical initialisation of a tanh network (Poole et al. 2016; Schoenholz et al. 2017; Pennington et al.
/// 2017; seed 004 eqs. 3-5): weights N(0, sigma_w^2 / n), biases N(0, sigma_b^2), with the length map
/// q_l = sigma_w^2 E[phi(sqrt(q_{l-1}) z)^2] + sigma_b^2 at its fixed point q* and
/// chi = sigma_w^2 E[phi'(sqrt(q*) z)^2] = 1, z ~ N(0, 1). Choosing q* gives both scales in closed form:
/// sigma_w^2 = 1 / E[phi'(sqrt(q*) z)^2] and sigma_b^2 = q* - sigma_w^2 E[phi(sqrt(q*) z)^2].
/// Gaussian expectations use Gauss-Hermite quadrature (probabilists' weight exp(-z^2/2)). This is the family's
/// private copy; the general mean-field theory lives in Tdlab.Probes.MeanField.
/// </summary>
public static class CriticalTanh
{
    /// <summary>Quadrature points; exact for polynomials up to degree 2 Nodes - 1.</summary>
    public const int Nodes = 80;

    private static readonly Lazy<(double[] Z, double[] W)> Rule = new(() => GaussHermite(Nodes));

    /// <summary>(sigma_w, sigma_b) with fixed point <paramref name="qStar"/> and chi = 1.</summary>
    public static (double SigmaW, double SigmaB) ForFixedPoint(double qStar)
    {
        if (!(qStar > 0) || !double.IsFinite(qStar))
            throw new ArgumentOutOfRangeException(nameof(qStar), qStar, "CriticalTanh: q* must be positive");
        double sw2 = 1.0 / Expect(z => Square(1 - Square(Math.Tanh(Math.Sqrt(qStar) * z))));
        double sb2 = qStar - sw2 * SecondMoment(qStar);
        return (Math.Sqrt(sw2), Math.Sqrt(Math.Max(sb2, 0)));
    }

    /// <summary>E[tanh(sqrt(q) z)^2]: the mean square of a tanh unit whose pre-activation has variance q.</summary>
    public static double SecondMoment(double q) => Expect(z => Square(Math.Tanh(Math.Sqrt(q) * z)));

    /// <summary>chi = sigma_w^2 E[tanh'(sqrt(q) z)^2], the mean squared singular value of one layer's D W.</summary>
    public static double Chi(double sigmaW, double q) => sigmaW * sigmaW * Expect(z => Square(1 - Square(Math.Tanh(Math.Sqrt(q) * z))));

    /// <summary>One step of the length map: sigma_w^2 E[tanh(sqrt(q) z)^2] + sigma_b^2.</summary>
    public static double LengthMap(double sigmaW, double sigmaB, double q) => sigmaW * sigmaW * SecondMoment(q) + sigmaB * sigmaB;

    /// <summary>E[f(z)], z ~ N(0, 1), by the quadrature rule.</summary>
    public static double Expect(Func<double, double> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var (z, w) = Rule.Value;
        double s = 0;
        for (int i = 0; i < z.Length; i++) s += w[i] * f(z[i]);
        return s;
    }

    /// <summary>
    /// Golub-Welsch: the nodes are the eigenvalues of the Jacobi matrix of the probabilists' Hermite
    /// polynomials (zero diagonal, off-diagonal sqrt(k), k = 1..n-1), the weights the squared first components
    /// of its unit eigenvectors (they sum to 1 for the standard normal measure).
    /// </summary>
    private static (double[] Z, double[] W) GaussHermite(int n)
    {
        var jacobi = new double[n * n];
        for (int k = 1; k < n; k++)
            jacobi[(k - 1) * n + k] = jacobi[k * n + k - 1] = Math.Sqrt(k);
        var eig = SymmetricEigen.Decompose(jacobi, n);
        var w = new double[n];
        for (int j = 0; j < n; j++) w[j] = Square(eig.Vectors[j]);   // row 0, column j
        return (eig.Values, w);
    }

    private static double Square(double x) => x * x;
}
