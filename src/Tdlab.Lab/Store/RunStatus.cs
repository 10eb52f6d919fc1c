namespace Tdlab.Lab.Store;

/// <summary>Status of a run in the store; stored as the lower-case name.</summary>
public enum RunStatus
{
    /// <summary>
    /// Started and not finished, as written by tdlab before leases (a run being computed is now claimed in the
    /// leases table and its row is written only with its result); such a leftover is re-run on resume.
    /// </summary>
    Running,

    Complete,

    /// <summary>A loss became NaN or infinite; the step is in diverged_step. Divergence is data.</summary>
    Diverged,

    /// <summary>The run threw; the message is stored. Re-run on resume.</summary>
    Failed,
}
