namespace Tdlab.Experiments.DeepLinear;

/// <summary>
/// One run. <paramref name="Kind"/>: "decoupled" (mode strengths vs theory) or "orthogonal" / "gaussian"
/// (learning time); <paramref name="Task"/>: "spectrum" (Sigma31 = U diag(s) V^T) or "hierarchy".
/// <paramref name="SingularValues"/> as invariant text "3,2,1,0.5".
/// </summary>
public sealed record DeepLinearRun(
    string Kind, string Task, int Depth, int Width, string SingularValues, int HierarchyLevels, double HierarchyScale,
    double InitialStrength, double LearningRate, int Steps, double Criterion, int LogEvery)
{
    public const string Decoupled = "decoupled";
    public const string OrthogonalInit = "orthogonal";
    public const string GaussianInit = "gaussian";
    public const string Spectrum = "spectrum";
    public const string Hierarchy = "hierarchy";

    /// <summary>tau = 1 / learning rate, in steps.</summary>
    public double Tau => 1 / LearningRate;
}
