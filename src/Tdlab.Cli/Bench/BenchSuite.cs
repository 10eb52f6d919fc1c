namespace Tdlab.Cli.Bench;

/// <summary>All engine benchmark figures of <c>tdlab bench</c>, by key (units in each group's documentation).</summary>
public static class BenchSuite
{
    /// <summary>The group names <see cref="Run"/> accepts in <c>only</c>.</summary>
    public static readonly IReadOnlyList<string> Groups = ["gemm", "recurrent", "training", "hvp"];

    /// <summary>Every group's figures, or only those of the named groups (one A-B sitting against the peer's sections).</summary>
    public static SortedDictionary<string, double> Run(int threads, IReadOnlyCollection<string>? only = null)
    {
        var figures = new SortedDictionary<string, double>(StringComparer.Ordinal);
        bool Wanted(string group) => only is null || only.Count == 0 || only.Contains(group);
        if (Wanted("gemm")) GemmFigures.Measure(figures, threads);
        if (Wanted("recurrent")) RecurrentFigures.Measure(figures, threads);
        if (Wanted("training")) TrainingFigures.Measure(figures, threads);
        if (Wanted("hvp")) HvpFigures.Measure(figures, threads);
        return figures;
    }
}
