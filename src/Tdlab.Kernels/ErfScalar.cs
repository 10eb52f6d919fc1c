namespace Tdlab.Kernels;

/// <summary>Scalar error function in double precision (placeholder: Abramowitz-Stegun 7.1.26, |err| < 1.5e-7).</summary>
public static class ErfScalar
{
    public static double Erf(double x)
    {
        if (double.IsNaN(x)) return x;
        double s = Math.Sign(x), a = Math.Abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * a);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return s * (1.0 - poly * Math.Exp(-a * a));
    }
}
