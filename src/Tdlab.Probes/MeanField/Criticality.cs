namespace Tdlab.Probes.MeanField;

/// <summary>
/// Order-to-chaos criticality of a wide random network (Poole et al. 2016; Schoenholz et al. 2017; seed 004 section 2.2):
/// chi = sigma_w^2 integral phi'(sqrt(q*) h)^2 Dh, the factor by which the mean squared backpropagated gradient
/// E[delta_l^2] grows per layer towards the input (delta_{l-1} = phi'(h_{l-1}) W_l^T delta_l), and also the slope of
/// the correlation map at c = 1. chi &lt; 1: ordered phase, gradients vanish; chi &gt; 1: chaotic, gradients explode.
/// </summary>
public static class Criticality
{
    /// <summary>chi evaluated at a given length q: sigma_w^2 E[phi'(sqrt(q) h)^2].</summary>
    public static double ChiAt(MeanFieldActivation phi, double q, double sigmaW2, GaussHermite? rule = null)
    {
        LengthMap.Check(q, sigmaW2, 0, "Criticality.ChiAt");
        double s = Math.Sqrt(q);
        return sigmaW2 * (rule ?? GaussHermite.Standard()).Expect(h => { double d = phi.Derivative(s * h); return d * d; });
    }

    /// <summary>chi at the fixed point q* of <see cref="LengthMap.FixedPoint"/>.</summary>
    public static double Chi(MeanFieldActivation phi, double sigmaW2, double sigmaB2, GaussHermite? rule = null) =>
        ChiAt(phi, LengthMap.FixedPoint(phi, sigmaW2, sigmaB2, rule), sigmaW2, rule);

    /// <summary>
    /// The critical weight variance sigma_w^2 at which chi = 1 for a given sigma_b^2 (the order/chaos line), by
    /// bisection on ln chi over [lo, hi]; chi increases with sigma_w^2 along the line's neighbourhood for tanh.
    /// </summary>
    public static double CriticalWeightVariance(MeanFieldActivation phi, double sigmaB2, double lo = 0.25, double hi = 16, GaussHermite? rule = null)
    {
        double F(double w2) => Math.Log(Chi(phi, w2, sigmaB2, rule));
        double flo = F(lo), fhi = F(hi);
        if (flo > 0 || fhi < 0)
            throw new ArgumentException($"Criticality.CriticalWeightVariance: chi - 1 does not change sign on sigma_w^2 in [{lo}, {hi}] at sigma_b^2 = {sigmaB2}");
        for (int i = 0; i < 100 && hi - lo > 1e-12 * hi; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (F(mid) < 0) lo = mid;
            else hi = mid;
        }

        return 0.5 * (lo + hi);
    }
}
