namespace Tdlab.Lab.Specs;

/// <summary>What a plan may ask for before <c>--allow-large-plan</c> is needed.</summary>
public static class PlanLimits
{
    /// <summary>Runs (grid points x seeds) of one experiment's plan.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>Fraction of the memory available to the process that one unit of work (a run or an ensemble group) may need.</summary>
    public const double MemoryFraction = 0.8;
}
