namespace Tdlab.Probes;

/// <summary>
/// The hard-margin SVM through the origin: <see cref="W"/> = argmin ||w||^2 / 2 subject to y_i &lt;w, x_i&gt; &gt;= 1,
/// w = sum_i alpha_i y_i x_i. The max-margin direction w* = <see cref="Direction"/> = w / ||w|| attains the
/// maximum normalised margin <see cref="Margin"/> = max_{||u|| = 1} min_i y_i &lt;u, x_i&gt; = 1 / ||w||.
/// <see cref="KktResidual"/> is the largest violation of primal feasibility (1 - y_i &lt;w, x_i&gt;)_+ and of
/// complementary slackness |alpha_i (y_i &lt;w, x_i&gt; - 1)|; stationarity and alpha &gt;= 0 hold by construction.
/// </summary>
public sealed record MaxMarginSolution(double[] W, double[] Direction, double Margin, double[] Alpha, int[] Support, double KktResidual, int Sweeps);
