namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// The mode dynamics of deep linear nets from decoupled initial conditions (Saxe et al. 2013; seed 001).
/// With D weight matrices whose layer strengths are equal (a = u^{1/D}), each mode obeys
/// tau du/dt = D u^{2 - 2/D} (s - u); for D = 2 (the 3-layer net) this is tau du/dt = 2 u (s - u) with
/// the closed form u_f(t) = s e^{2st/tau} / (e^{2st/tau} - 1 + s/u_0).
/// </summary>
public static class SaxeDynamics
{
    /// <summary>u_f(t) = s e^{2st/tau} / (e^{2st/tau} - 1 + s/u_0), written overflow-free.</summary>
    public static double Analytic(double s, double u0, double tau, double t)
    {
        double x = Math.Exp(-2 * s * t / tau);   // divide numerator and denominator by e^{2st/tau}
        return s / (1 - x + x * s / u0);
    }

    /// <summary>The time to reach s/2 from u_0 on the analytic curve: (tau / 2s) ln(s/u_0 - 1).</summary>
    public static double HalfTime(double s, double u0, double tau) => tau / (2 * s) * Math.Log(s / u0 - 1);

    /// <summary>Right-hand side of the reduced ODE: du/dt = D u^{2 - 2/D} (s - u) / tau.</summary>
    public static double Rate(int depth, double s, double u, double tau) => depth * Math.Pow(u, 2 - 2.0 / depth) * (s - u) / tau;

    /// <summary>
    /// u(t) of the reduced ODE by classical RK4 with <paramref name="substeps"/> stages per unit time, sampled at
    /// the given ascending times (t &gt;= 0).
    /// </summary>
    public static double[] Integrate(int depth, double s, double u0, double tau, IReadOnlyList<double> times, int substeps = 8)
    {
        var result = new double[times.Count];
        double u = u0, t = 0, h = 1.0 / substeps;
        for (int i = 0; i < times.Count; i++)
        {
            while (t < times[i] - 1e-12)
            {
                double dt = Math.Min(h, times[i] - t);
                double k1 = Rate(depth, s, u, tau);
                double k2 = Rate(depth, s, u + 0.5 * dt * k1, tau);
                double k3 = Rate(depth, s, u + 0.5 * dt * k2, tau);
                double k4 = Rate(depth, s, u + dt * k3, tau);
                u += dt / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
                t += dt;
            }

            result[i] = u;
        }

        return result;
    }

    /// <summary>The first time the reduced ODE reaches s/2 (RK4 at unit steps, linear interpolation in the last step).</summary>
    public static double OdeHalfTime(int depth, double s, double u0, double tau, int substeps = 8)
    {
        if (depth == 2) return HalfTime(s, u0, tau);
        double u = u0, t = 0, h = 1.0 / substeps;
        while (u < s / 2)
        {
            double k1 = Rate(depth, s, u, tau);
            double k2 = Rate(depth, s, u + 0.5 * h * k1, tau);
            double k3 = Rate(depth, s, u + 0.5 * h * k2, tau);
            double k4 = Rate(depth, s, u + h * k3, tau);
            double next = u + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            if (next >= s / 2) return t + h * (s / 2 - u) / (next - u);
            u = next;
            t += h;
            if (t > 1e9) return double.PositiveInfinity;
        }

        return t;
    }
}
