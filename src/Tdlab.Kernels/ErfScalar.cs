namespace Tdlab.Kernels;

/// <summary>
/// The error function erf(x) = 2/sqrt(pi) * integral_0^x e^{-t^2} dt in double precision, relative error
/// about 1e-16 over the real line. Source: W. J. Cody, "Rational Chebyshev approximations for the error
/// function", Math. Comp. 23 (1969) 631-637; coefficients and the three intervals as in Cody's SPECFUN
/// routine CALERF (netlib.org/specfun/erf):
/// <list type="bullet">
/// <item>|x| &lt;= 0.46875: erf(x) = x A(x^2) / B(x^2);</item>
/// <item>0.46875 &lt; |x| &lt;= 4: erfc(|x|) = e^{-x^2} C(|x|) / D(|x|);</item>
/// <item>|x| &gt; 4: erfc(|x|) = e^{-x^2} / |x| * (1/sqrt(pi) - z P(z) / Q(z)), z = 1/x^2;</item>
/// </list>
/// with e^{-x^2} evaluated as e^{-h^2} e^{-(|x|-h)(|x|+h)}, h = |x| rounded down to a multiple of 1/16,
/// so the rounding error of x^2 is not magnified. erf is odd; erf(+-inf) = +-1, erf(NaN) = NaN.
/// </summary>
public static class ErfScalar
{
    static readonly double[] A = [3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02, 3.20937758913846947e03, 1.85777706184603153e-1];
    static readonly double[] B = [2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03];
    static readonly double[] C = [5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01, 2.98635138197400131e02,
        8.81952221241769090e02, 1.71204761263407058e03, 2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8];
    static readonly double[] D = [1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02, 1.62138957456669019e03,
        3.29079923573345963e03, 4.36261909014324716e03, 3.43936767414372164e03, 1.23033935480374942e03];
    static readonly double[] P = [3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1, 1.60837851487422766e-2,
        6.58749161529837803e-4, 1.63153871373020978e-2];
    static readonly double[] Q = [2.56852019228982242e00, 1.87295284992346047e00, 5.27905102951428412e-1, 6.05183413124413191e-2,
        2.33520497626869185e-3];
    const double InvSqrtPi = 5.6418958354775628695e-1;
    const double Tiny = 1.11e-16;  // below this x^2 is negligible: erf(x) = x * A[3]/B[3] = 2x/sqrt(pi)
    const double Saturate = 6.0;   // erfc(6) = 2.2e-17 < half an ulp of 1: erf(x) rounds to +-1

    public static double Erf(double x)
    {
        double y = Math.Abs(x);
        if (double.IsNaN(x)) return x;
        if (y <= 0.46875)
        {
            double z = y > Tiny ? y * y : 0.0;
            double num = A[4] * z, den = z;
            for (int i = 0; i < 3; i++) { num = (num + A[i]) * z; den = (den + B[i]) * z; }
            return x * (num + A[3]) / (den + B[3]);
        }
        if (y >= Saturate) return Math.CopySign(1.0, x);
        double erfc;
        if (y <= 4.0)
        {
            double num = C[8] * y, den = y;
            for (int i = 0; i < 7; i++) { num = (num + C[i]) * y; den = (den + D[i]) * y; }
            erfc = (num + C[7]) / (den + D[7]);
        }
        else
        {
            double z = 1.0 / (y * y);
            double num = P[5] * z, den = z;
            for (int i = 0; i < 4; i++) { num = (num + P[i]) * z; den = (den + Q[i]) * z; }
            erfc = (InvSqrtPi - z * (num + P[4]) / (den + Q[4])) / y;
        }
        double h = Math.Truncate(y * 16.0) / 16.0;
        erfc *= Math.Exp(-h * h) * Math.Exp(-(y - h) * (y + h));
        return Math.CopySign(0.5 - erfc + 0.5, x);
    }
}
