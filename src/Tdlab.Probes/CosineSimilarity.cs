namespace Tdlab.Probes;

/// <summary>
/// Cosine similarity of two directions, CosSim(w, w*) = w*^T w / (||w|| ||w*||) (seed 003, Eq. 4.1). In the
/// three-layer case study a scale and a sign move freely between w and the 1-D learner, so the probe of
/// success is |CosSim(w, w*)|: 1 exactly when w points along +-w*.
/// </summary>
public static class CosineSimilarity
{
    /// <summary>w . u / (||w|| ||u||); NaN when either vector is zero. Cost O(d).</summary>
    public static double Of(ReadOnlySpan<double> w, ReadOnlySpan<double> u)
    {
        if (w.Length != u.Length) throw new ArgumentException($"CosineSimilarity: lengths {w.Length} and {u.Length} differ");
        double dot = 0, ww = 0, uu = 0;
        for (int i = 0; i < w.Length; i++)
        {
            dot += w[i] * u[i];
            ww += w[i] * w[i];
            uu += u[i] * u[i];
        }

        return ww > 0 && uu > 0 ? dot / Math.Sqrt(ww * uu) : double.NaN;
    }

    /// <summary>|CosSim(w, u)|, in [0, 1].</summary>
    public static double Absolute(ReadOnlySpan<double> w, ReadOnlySpan<double> u) => Math.Abs(Of(w, u));
}
