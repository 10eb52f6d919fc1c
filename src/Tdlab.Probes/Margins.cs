namespace Tdlab.Probes;

/// <summary>Normalised and smooth margins (see <see cref="MarginReport"/>). Cost: O(n) for given outputs, O(n d) for a linear model.</summary>
public static class Margins
{
    /// <summary>
    /// Margins of outputs f_i with labels y_i in {-1, +1} for a model of degree-<paramref name="homogeneity"/>
    /// homogeneity whose parameters have Euclidean norm <paramref name="parameterNorm"/>.
    /// The smooth margin uses a stable log-sum-exp: -ln sum_i e^{-m_i} = m_min - ln sum_i e^{-(m_i - m_min)}.
    /// </summary>
    public static MarginReport Of(ReadOnlySpan<double> outputs, ReadOnlySpan<double> labels, double parameterNorm, double homogeneity = 1)
    {
        if (outputs.Length != labels.Length || outputs.Length == 0)
            throw new ArgumentException($"Margins.Of: {outputs.Length} outputs for {labels.Length} labels");
        double min = double.PositiveInfinity;
        for (int i = 0; i < outputs.Length; i++) min = Math.Min(min, labels[i] * outputs[i]);
        double sum = 0;
        for (int i = 0; i < outputs.Length; i++) sum += Math.Exp(-(labels[i] * outputs[i] - min));
        double scale = Math.Pow(parameterNorm, homogeneity);
        return new MarginReport(min, min / scale, (min - Math.Log(sum)) / scale);
    }

    /// <summary>Margins of the linear model f(x) = &lt;w, x&gt; on rows x (n, d) of <paramref name="x"/> (1-homogeneous).</summary>
    public static MarginReport Linear(ReadOnlySpan<double> w, ReadOnlySpan<double> x, ReadOnlySpan<double> labels)
    {
        int d = w.Length, n = labels.Length;
        if (x.Length != n * d) throw new ArgumentException($"Margins.Linear: x has {x.Length} values, expected (n={n}, d={d})");
        var f = new double[n];
        for (int i = 0; i < n; i++) f[i] = Dot(w, x.Slice(i * d, d));
        return Of(f, labels, Math.Sqrt(Dot(w, w)));
    }

    /// <summary>
    /// The angle in radians between two nonzero vectors, 2 atan2(||a^ - b^||, ||a^ + b^||) with a^ = a / ||a||
    /// (equal to arccos(&lt;a^, b^&gt;) but accurate also for tiny angles).
    /// </summary>
    public static double Angle(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Margins.Angle: lengths {a.Length} and {b.Length} differ");
        double na = Math.Sqrt(Dot(a, a)), nb = Math.Sqrt(Dot(b, b));
        double minus = 0, plus = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double u = a[i] / na, v = b[i] / nb;
            minus += (u - v) * (u - v);
            plus += (u + v) * (u + v);
        }

        return 2 * Math.Atan2(Math.Sqrt(minus), Math.Sqrt(plus));
    }

    /// <summary>&lt;a, b&gt; = sum_k a_k b_k.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }
}
