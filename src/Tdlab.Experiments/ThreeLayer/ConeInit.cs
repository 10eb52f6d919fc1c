using Tdlab.Tensors.Random;

namespace Tdlab.Experiments.ThreeLayer;

/// <summary>
/// The fixed-initial-CosSim ("cone") initialisation of seed 003, section 4.2.1: w = ||w0|| (c w* + sqrt(1 - c^2) u_perp),
/// u_perp the unit component orthogonal to w* of a standard normal vector, so CosSim(w, w*) = c exactly and w keeps
/// the norm of the LeCun draw w0 it replaces.
/// </summary>
public static class ConeInit
{
    /// <summary>Overwrites <paramref name="w"/> (d) in place; <paramref name="teacher"/> is unit norm.</summary>
    public static void Apply(Span<double> w, ReadOnlySpan<double> teacher, double c, Rng rng)
    {
        if (c is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(c), c, "ConeInit: a cosine lies in [-1, 1]");
        int d = w.Length;
        var u = new double[d];
        rng.Normal<double>(u, 0, 1);
        double along = 0, norm0 = 0;
        for (int i = 0; i < d; i++)
        {
            along += u[i] * teacher[i];
            norm0 += w[i] * w[i];
        }

        for (int i = 0; i < d; i++) u[i] -= along * teacher[i];   // u_perp = u - (u . w*) w*
        double nu = Math.Sqrt(u.Sum(v => v * v)), s = Math.Sqrt(1 - c * c);
        norm0 = Math.Sqrt(norm0);
        for (int i = 0; i < d; i++) w[i] = norm0 * (c * teacher[i] + s * u[i] / nu);
    }
}
