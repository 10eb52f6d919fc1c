namespace Tdlab.Lab.Claims;

/// <summary>Names of the replicate units claims use; a claim whose unit is not an independent seed says why in its statistic.</summary>
public static class ReplicateUnits
{
    /// <summary>The default: one value per replicate seed (independent data, initialisation and minibatch order).</summary>
    public const string Seed = "independent seed";
}
