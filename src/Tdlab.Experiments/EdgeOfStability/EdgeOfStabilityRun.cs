namespace Tdlab.Experiments.EdgeOfStability;

/// <summary>
/// One run: <see cref="Method"/> with step size <see cref="LearningRate"/> (GD, momentum) or, for gradient flow, the
/// smallest GD step size of the sweep in <see cref="LearningRate"/>, whose time horizon eta * steps the flow runs to.
/// </summary>
public sealed record EdgeOfStabilityRun : EdgeOfStabilitySettings
{
    public EdgeOfStabilityRun(EdgeOfStabilitySettings settings) : base(settings)
    {
    }

    public EosMethod Method { get; init; }

    public double LearningRate { get; init; }

    /// <summary>Gradient flow's horizon in time units, eta * steps (the time GD with step eta covers in its steps).</summary>
    public double FlowTime => LearningRate * Steps;

    /// <summary>The stability threshold of the run's method: 2 / eta (GD), 2 (1 + beta) / eta (heavy ball); NaN for flow.</summary>
    public double Threshold => Method switch
    {
        EosMethod.Gd => 2 / LearningRate,
        EosMethod.Momentum => 2 * (1 + Momentum) / LearningRate,
        _ => double.NaN,
    };
}
