using System.Collections.Concurrent;
using Tdlab.Probes.MeanField;

namespace Tdlab.Experiments.SignalPropagation;

/// <summary>
/// The mean-field correlation map of a tanh net at the fixed point q* (Poole et al. 2016; Schoenholz et al. 2017):
/// c_l = (sigma_w^2 E[phi(u_1) phi(u_2)] + sigma_b^2) / q*, u_1 = sqrt(q*) z_1, u_2 = sqrt(q*) (c_(l-1) z_1 + sqrt(1 - c_(l-1)^2) z_2),
/// its stable fixed point c* (reached from c = 0), and the depth scales xi_q = -1 / ln(chi_1 + sigma_w^2 E[phi''(u) phi(u)])
/// and xi_c = -1 / ln chi_c with chi_c = sigma_w^2 E[phi'(u_1) phi'(u_2)] at c* (infinite where the argument is >= 1).
/// Two-dimensional expectations use the tensor product of a Gauss-Hermite rule. The general mean-field library
/// (Tdlab.Probes.MeanField) has no correlation map; this is the family's own.
/// </summary>
internal static class CorrelationMap
{
    /// <summary>Points per dimension of the product rule.</summary>
    internal const int Points = 48;

    private static GaussHermite Rule => GaussHermite.Standard(Points);

    /// <summary>E[f(u_1, u_2)] for the pair of pre-activations with variance q and correlation c.</summary>
    internal static double Expect2(double q, double c, Func<double, double, double> f)
    {
        var r = Rule;
        double s = Math.Sqrt(q), cc = Math.Clamp(c, -1, 1), sc = Math.Sqrt(1 - cc * cc), e = 0;
        for (int i = 0; i < r.Nodes.Length; i++)
        {
            double u1 = s * r.Nodes[i], inner = 0;
            for (int j = 0; j < r.Nodes.Length; j++)
                inner += r.Weights[j] * f(u1, s * (cc * r.Nodes[i] + sc * r.Nodes[j]));
            e += r.Weights[i] * inner;
        }

        return e;
    }

    /// <summary>One step of the correlation map at the fixed point q*.</summary>
    internal static double Next(double sigmaW2, double sigmaB2, double qStar, double c) =>
        Math.Min(1, (sigmaW2 * Expect2(qStar, c, (a, b) => Math.Tanh(a) * Math.Tanh(b)) + sigmaB2) / qStar);

    /// <summary>c_0..c_L from c_0.</summary>
    internal static double[] Iterate(double sigmaW2, double sigmaB2, double qStar, double c0, int layers)
    {
        var c = new double[layers + 1];
        c[0] = c0;
        for (int l = 1; l <= layers; l++) c[l] = Next(sigmaW2, sigmaB2, qStar, c[l - 1]);
        return c;
    }

    private static readonly ConcurrentDictionary<(double, double), Scales> Cache = new();

    /// <summary>q*, c* (the stable fixed point: 1 on the ordered side, the root below 1 on the chaotic side), chi_c, xi_q and xi_c of a sample point (cached).</summary>
    internal static Scales Of(double sigmaW2, double sigmaB2) => Cache.GetOrAdd((sigmaW2, sigmaB2), key =>
    {
        var tanh = MeanFieldActivation.Tanh;
        double q = LengthMap.FixedPoint(tanh, key.Item1, key.Item2, Rule);   // the same rule as the map, so that map(1) = 1 to rounding
        // c = 1 is always a fixed point; it is the stable one iff chi_1 <= 1 (ordered side). On the chaotic side
        // f(c) = map(c) - c is positive at 0 (sigma_b^2 / q*) and negative just below 1: bisection for the other root.
        double c = 1;
        if (Criticality.ChiAt(tanh, q, key.Item1, Rule) > 1)
        {
            double lo = 0, hi = 1 - 1e-6;
            if (Next(key.Item1, key.Item2, q, hi) - hi < 0)
            {
                for (int k = 0; k < 60; k++)
                {
                    double mid = (lo + hi) / 2;
                    if (Next(key.Item1, key.Item2, q, mid) - mid > 0) lo = mid;
                    else hi = mid;
                }

                c = (lo + hi) / 2;
            }
        }

        double chiC = key.Item1 * Expect2(q, c, (a, b) => Sech2(a) * Sech2(b));
        double chiQ = Criticality.ChiAt(tanh, q, key.Item1, Rule)
            + key.Item1 * Rule.Expect(z => -2 * Math.Tanh(Math.Sqrt(q) * z) * Sech2(Math.Sqrt(q) * z) * Math.Tanh(Math.Sqrt(q) * z));
        return new Scales(q, c, chiC, Depth(chiQ), Depth(chiC));
    });

    private static double Depth(double chi) => chi is > 0 and < 1 ? -1 / Math.Log(chi) : double.PositiveInfinity;

    private static double Sech2(double x)
    {
        double t = Math.Tanh(x);
        return 1 - t * t;
    }

    internal sealed record Scales(double QStar, double CStar, double ChiC, double XiQ, double XiC);
}
