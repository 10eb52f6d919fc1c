namespace Tdlab.Experiments.ParameterControl;

/// <summary>One run: an arm at a frequency, a cone cosine (0: LeCun w) and a bottleneck width.</summary>
public sealed record ParameterControlRun : ParameterControlSettings
{
    public ParameterControlRun(ParameterControlSettings settings) : base(settings)
    {
    }

    public ParameterControlRun()
    {
    }

    public Arm Arm { get; init; }

    public double Nu { get; init; }

    /// <summary>Initial CosSim of the cone initialisation; 0: LeCun w.</summary>
    public double ConeCos { get; init; }

    /// <summary>Bottleneck width k (1: the three-layer net).</summary>
    public int Bottleneck { get; init; } = 1;

    public bool IsToy => Arm is Arm.Toy2D or Arm.Toy1D;
}
