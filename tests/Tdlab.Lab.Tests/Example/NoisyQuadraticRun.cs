namespace Tdlab.Lab.Tests.Example;

/// <summary>One run: the shared settings at one learning rate. Its canonical JSON is its identity.</summary>
public sealed record NoisyQuadraticRun : NoisyQuadraticSettings
{
    public NoisyQuadraticRun(NoisyQuadraticSettings settings) : base(settings)
    {
    }

    public double LearningRate { get; init; }

    /// <summary>
    /// The stationary loss of x_(k+1) = (1 - lr a) x_k - lr sigma xi: Var x = lr sigma^2 / (a (2 - lr a)), so
    /// E[a x^2 / 2] = lr sigma^2 / (2 (2 - lr a)). Get-only: not part of the identity.
    /// </summary>
    public double PredictedLoss => LearningRate * NoiseStd * NoiseStd / (2 * (2 - LearningRate * Curvature));
}
