namespace Tdlab.Experiments.Isometry;

/// <summary>
/// One network: the shared settings with its activation, initialisation and depth. <see cref="IsometrySettings.Steps"/> = 0
/// for a spectrum-only run; <see cref="IsometrySettings.QStar"/> is 0 except for tanh, so the other runs keep their ids when q* changes.
/// </summary>
public sealed record IsometryRun : IsometrySettings
{
    public IsometryRun(IsometrySettings settings) : base(settings)
    {
    }

    public Nonlinearity Activation { get; init; }

    public WeightInit Init { get; init; }

    public int Depth { get; init; }

    /// <summary>Derived from <see cref="IsometrySettings.Steps"/> (get-only, so not part of the run's identity).</summary>
    public bool Trains => Steps > 0;
}
