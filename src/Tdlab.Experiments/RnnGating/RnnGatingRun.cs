namespace Tdlab.Experiments.RnnGating;

/// <summary>One run: a model with a recurrent init at scale <paramref name="Sigma"/> trained on a task of length <paramref name="Length"/>.</summary>
public sealed record RnnGatingRun(
    string Task, string Model, string Init, double Sigma, int Length, int Hidden, int CopySymbols, int Alphabet,
    double SigmaU, double ForgetBias, string Optimizer, double LearningRate, double ClipNorm, int Steps, int BatchSize,
    int LogEvery, int ProbeCount, int ProbeBatch, int EvalBatch, string Precision)
{
    public const string Vanilla = "rnn";

    public const string Gaussian = "gaussian";

    public const string Orthogonal = "orthogonal";

    public bool IsVanilla => Model == Vanilla;

    /// <summary>Steps at which the hidden-state gradient norms are probed: 0 and ProbeCount evenly spaced steps up to Steps.</summary>
    public int[] ProbeSteps => [0, .. Enumerable.Range(1, ProbeCount).Select(i => (int)Math.Round(i * (double)Steps / ProbeCount)).Distinct()];
}
