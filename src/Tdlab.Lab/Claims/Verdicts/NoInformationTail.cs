namespace Tdlab.Lab.Claims;

/// <summary>The tail of an estimate that carries no information (fewer than two replicates, no finite value): every p is 1.</summary>
internal sealed class NoInformationTail : IEstimateTail
{
    public static readonly NoInformationTail Instance = new();

    private NoInformationTail()
    {
    }

    public double NotAbove(double threshold) => 1.0;

    public double NotBelow(double threshold) => 1.0;
}
