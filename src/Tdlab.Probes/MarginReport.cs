namespace Tdlab.Probes;

/// <summary>
/// Margins of a classifier on a labelled set (seed 002, after Telgarsky 2021 ch. 15 and Lyu &amp; Li 2019), for an
/// L-homogeneous model with parameter norm ||w||:
/// <see cref="MinMargin"/> = min_i y_i f(x_i); <see cref="Normalized"/> gamma(w) = min_i y_i f(x_i) / ||w||^L;
/// <see cref="Smooth"/> gamma~(w) = ell^{-1}(sum_i ell(m_i)) / ||w||^L with ell(z) = e^{-z}, i.e.
/// -ln(sum_i e^{-m_i}) / ||w||^L, which lower-bounds gamma(w).
/// </summary>
public sealed record MarginReport(double MinMargin, double Normalized, double Smooth);
