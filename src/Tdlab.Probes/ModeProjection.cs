namespace Tdlab.Probes;

/// <summary>
/// A deep linear network's end-to-end map seen in the singular basis of Sigma31: <paramref name="Strengths"/>
/// u_alpha = M[alpha, alpha], <paramref name="OffDiagonal"/> the Frobenius norm of the off-diagonal part of M,
/// and <paramref name="Matrix"/> M = U^T W V itself, (k, k) row-major.
/// </summary>
public sealed record ModeProjection(double[] Strengths, double OffDiagonal, double[] Matrix);
