using System.Text.Json.Serialization;

namespace Tdlab.Lab.Specs;

/// <summary>
/// Base record of a family's settings (which its sweep config and its run records both derive from): carries the
/// number of replicate seeds of a sweep (<c>--seeds N</c>, or <c>--set seeds=N</c>). <see cref="Seeds"/> is not
/// part of any run's identity, so raising it from 3 to 5 reuses the three runs already in the store.
/// </summary>
public abstract record ExperimentConfig
{
    /// <summary>Replicates per grid point; replicate r gets the seed Derive(Hash(name, run config), r).</summary>
    [JsonIgnore]
    public int Seeds { get; init; } = 1;
}
