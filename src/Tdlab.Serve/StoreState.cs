namespace Tdlab.Serve;

/// <summary>Whether the dashboard could read the run store.</summary>
public enum StoreState
{
    /// <summary>A tdlab store, read.</summary>
    Ok,

    /// <summary>No runs.db in the folder (yet): the page says so and keeps looking.</summary>
    Missing,

    /// <summary>Not a tdlab store, damaged, or unreadable: the page shows the one-line reason.</summary>
    Unreadable,
}
