namespace Tdlab.Probes;

/// <summary>
/// Largest singular value of every weight matrix W_l of a feed-forward net (input layer first), by power
/// iteration and by exact SVD, and the Lipschitz constant of every activation. The Lipschitz upper bound
/// of the net (in the l2 norm) is Lip(f) &lt;= prod_l ||W_l||_2 * prod_a Lip(phi_a) (Szegedy et al. 2014,
/// "Intriguing properties of neural networks", section 4.3), computed from the exact values.
/// </summary>
public sealed record LayerSpectralNorms(double[] PowerIteration, double[] Exact, bool[] Converged, double[] ActivationLipschitz)
{
    /// <summary>log prod_l ||W_l||_2 + sum_a log Lip(phi_a), from the exact singular values.</summary>
    public double LogUpperBound => Exact.Sum(Math.Log) + ActivationLipschitz.Sum(Math.Log);

    /// <summary>prod_l ||W_l||_2 * prod_a Lip(phi_a).</summary>
    public double UpperBound => Math.Exp(LogUpperBound);

    /// <summary>prod_a Lip(phi_a): the bound of a net whose every layer has spectral norm 1.</summary>
    public double ActivationProduct => ActivationLipschitz.Aggregate(1.0, (p, c) => p * c);

    /// <summary>max_l |sigma_power - sigma_svd| / sigma_svd (0 for zero matrices).</summary>
    public double MaxRelativeDifference =>
        PowerIteration.Zip(Exact, (p, e) => e == 0 ? Math.Abs(p) : Math.Abs(p - e) / e).DefaultIfEmpty(0).Max();
}
