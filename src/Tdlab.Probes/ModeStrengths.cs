using Tdlab.Tensors.Linalg;

namespace Tdlab.Probes;

/// <summary>
/// Mode strengths of a deep linear network (Saxe, McClelland &amp; Ganguli 2013; seed 001): the projection of the
/// end-to-end map W = W_D ... W_2 W_1 onto the singular vectors of the input-output correlation
/// Sigma31 = U S V^T, u_alpha = u_alpha^T W v_alpha, and the coupling between modes, the off-diagonal part of U^T W V.
/// From decoupled initial conditions the off-diagonal part stays 0 and each u_alpha follows its own ODE.
/// Cost: O(D n^3) for the product plus O(k n_out n_in) for the projection.
/// </summary>
public static class ModeStrengths
{
    /// <summary>
    /// <paramref name="weights"/>[l] is the (widths[l+1], widths[l]) row-major matrix of layer l+1, input layer first;
    /// <paramref name="target"/> the thin SVD of Sigma31, an (widths[^1], widths[0]) matrix.
    /// </summary>
    public static ModeProjection Measure(IReadOnlyList<double[]> weights, IReadOnlyList<int> widths, SvdFactors target)
    {
        if (weights.Count == 0 || widths.Count != weights.Count + 1)
            throw new ArgumentException($"ModeStrengths.Measure: {weights.Count} weight matrices need {weights.Count + 1} widths, got {widths.Count}");
        int nIn = widths[0], nOut = widths[^1];
        if (target.M != nOut || target.N != nIn)
            throw new ArgumentException($"ModeStrengths.Measure: target SVD is ({target.M}, {target.N}) but the network maps {nIn} -> {nOut}");
        var map = EndToEnd(weights, widths);
        return Project(map, nOut, nIn, target);
    }

    /// <summary>The end-to-end map W_D ... W_1, an (widths[^1], widths[0]) row-major matrix.</summary>
    public static double[] EndToEnd(IReadOnlyList<double[]> weights, IReadOnlyList<int> widths)
    {
        int nIn = widths[0];
        var p = weights[0];
        Check("ModeStrengths.EndToEnd", "weights[0]", p.Length, widths[1], nIn);
        for (int l = 1; l < weights.Count; l++)
        {
            int rows = widths[l + 1], inner = widths[l];
            Check("ModeStrengths.EndToEnd", $"weights[{l}]", weights[l].Length, rows, inner);
            var next = new double[rows * nIn];   // (rows, nIn) = W_l (rows, inner) @ P (inner, nIn)
            for (int i = 0; i < rows; i++)
                for (int k = 0; k < inner; k++)
                {
                    double a = weights[l][i * inner + k];
                    if (a == 0) continue;
                    for (int j = 0; j < nIn; j++) next[i * nIn + j] += a * p[k * nIn + j];
                }

            p = next;
        }

        return p;
    }

    /// <summary>M = U^T W V for a (rows, cols) map W: u_alpha = M[alpha, alpha]; off-diagonal Frobenius norm of M.</summary>
    public static ModeProjection Project(ReadOnlySpan<double> map, int rows, int cols, SvdFactors target)
    {
        Check("ModeStrengths.Project", nameof(map), map.Length, rows, cols);
        int k = target.K;
        var m = new double[k * k];
        var wv = new double[rows * k];   // W V: (rows, k), V = Vt^T
        for (int i = 0; i < rows; i++)
            for (int b = 0; b < k; b++)
            {
                double s = 0;
                for (int j = 0; j < cols; j++) s += map[i * cols + j] * target.Vt[b * cols + j];
                wv[i * k + b] = s;
            }

        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                double s = 0;
                for (int i = 0; i < rows; i++) s += target.U[i * k + a] * wv[i * k + b];
                m[a * k + b] = s;
            }

        var strengths = new double[k];
        double off = 0;
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
                if (a == b) strengths[a] = m[a * k + b];
                else off += m[a * k + b] * m[a * k + b];
        return new ModeProjection(strengths, Math.Sqrt(off), m);
    }

    private static void Check(string op, string name, int length, int rows, int cols)
    {
        if (length != rows * cols) throw new ArgumentException($"{op}: {name} has {length} elements, expected ({rows}, {cols})");
    }
}
