namespace Tdlab.Cli.Bench;

/// <summary>All engine benchmark figures of <c>tdlab bench</c>, by key (units in each group's documentation).</summary>
public static class BenchSuite
{
    public static SortedDictionary<string, double> Run(int threads)
    {
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        GemmFigures.Measure(figures, threads);
        RecurrentFigures.Measure(figures, threads);
        TrainingFigures.Measure(figures, threads);
        return figures;
    }
}
