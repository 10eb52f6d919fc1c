using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.ParameterControl;

/// <summary>
/// The 2-D toy objective of seed 003, section 4.4.3 (Eq. 4.2): f(x, y) = (x^2 + y^2 - 1)^2 - 0.5 x, the unit circle's
/// distance tilted along x. grad f = (4 x (r^2 - 1) - 0.5, 4 y (r^2 - 1)), r^2 = x^2 + y^2. On y = 0, f'(x) = 4 x (x^2 - 1) - 0.5
/// has three roots: the global minimum x* ~ 1.06, a local maximum near -0.13, and x_l ~ -0.93, a local minimum of the
/// restriction to y = 0 that is a saddle in 2-D (d^2 f / dy^2 = 4 (x_l^2 - 1) &lt; 0).
/// </summary>
public static class TiltedRing
{
    public static double Value(double x, double y) => Math.Pow(x * x + y * y - 1, 2) - 0.5 * x;

    public static (double Dx, double Dy) Gradient(double x, double y)
    {
        double c = 4 * (x * x + y * y - 1);
        return (c * x - 0.5, c * y);
    }

    /// <summary>The root of 4 x (x^2 - 1) - 0.5 = 0 reached by Newton's method from <paramref name="start"/> (to rounding).</summary>
    public static double AxisRoot(double start)
    {
        double x = start;
        for (int i = 0; i < 100; i++) x -= (4 * x * (x * x - 1) - 0.5) / (12 * x * x - 4);
        return x;
    }

    /// <summary>The global minimum x* on the positive axis.</summary>
    public static double GlobalMinimum => AxisRoot(1);

    /// <summary>The saddle x_l on the negative axis (a local minimum of f(x, 0)).</summary>
    public static double Saddle => AxisRoot(-1);

    /// <summary>
    /// Noisy gradient descent p &lt;- p - lr (grad f(p) + sigma xi), xi ~ N(0, I) (SGD's gradient noise, emulated), from
    /// (x0, y0); with <paramref name="fixY"/> only x moves (y stays y0). Returns the visited points every
    /// <paramref name="every"/> steps, the start and the end included.
    /// </summary>
    public static List<(double X, double Y)> Descend(double x0, double y0, double lr, double sigma, int steps, bool fixY, Rng rng, int every = 1)
    {
        double x = x0, y = y0;
        var path = new List<(double, double)> { (x, y) };
        for (int s = 1; s <= steps; s++)
        {
            var (dx, dy) = Gradient(x, y);
            double nx = sigma == 0 ? 0 : rng.NextNormal(), ny = sigma == 0 ? 0 : rng.NextNormal();
            x -= lr * (dx + sigma * nx);
            if (!fixY) y -= lr * (dy + sigma * ny);
            if (s % every == 0 || s == steps) path.Add((x, y));
        }

        return path;
    }
}
