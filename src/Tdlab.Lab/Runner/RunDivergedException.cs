namespace Tdlab.Lab.Runner;

/// <summary>Thrown by <see cref="RunContext.Diverge"/> to end a run; the runner records status diverged.</summary>
public sealed class RunDivergedException(int step, string reason) : Exception(reason)
{
    public int Step { get; } = step;
}
