using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Reports;

/// <summary>
/// Builds reports from the store: per experiment <c>&lt;out&gt;/&lt;name&gt;/report.md</c>, <c>report.html</c>
/// and the figure files, and <c>&lt;out&gt;/index.html</c> over every experiment in the store.
/// </summary>
public static class ReportBuilder
{
    /// <summary>The report of an experiment's latest sweep, or null when the store has no sweep of it.</summary>
    public static ExperimentReport? Build(RunStore store, IExperiment experiment)
    {
        StoredSweep? sweep = store.LatestSweep(experiment.Name);
        if (sweep is null)
            return null;
        ExperimentPlan plan = experiment.Replan(sweep);
        HashSet<string> ids = plan.Runs.Select(r => r.Id).ToHashSet();
        List<RunRecord> runs = store.Runs(experiment.Name).Where(r => ids.Contains(r.Id)).ToList();
        return new ExperimentReport(experiment.Name, experiment.Title, experiment.SeedReference, sweep, plan,
            experiment.Metrics, experiment.Deviations, runs, experiment.Analyse(store, plan));
    }

    /// <summary>Reports of every registered experiment that has a sweep in the store.</summary>
    public static IReadOnlyList<ExperimentReport> BuildAll(RunStore store, IEnumerable<IExperiment> experiments)
    {
        HashSet<string> stored = store.Experiments().ToHashSet();
        return experiments.Where(e => stored.Contains(e.Name)).Select(e => Build(store, e)).OfType<ExperimentReport>().ToList();
    }

    /// <summary>Writes report.md, report.html and the figures; returns the folder.</summary>
    public static string Write(RunStore store, ExperimentReport report)
    {
        string dir = Path.Combine(store.OutDir, report.Name);
        Directory.CreateDirectory(dir);
        foreach (ReportFigure f in report.Analysis.Figures)
            File.WriteAllText(Path.Combine(dir, FileNames.Safe(f.FileName)), f.Svg);
        File.WriteAllText(Path.Combine(dir, "report.md"), MarkdownReport.Render(report));
        File.WriteAllText(Path.Combine(dir, "report.html"), HtmlReport.Render(report));
        return dir;
    }

    /// <summary>Writes index.html over all experiments in the store (reports for those that have one).</summary>
    public static string WriteIndex(RunStore store, IReadOnlyList<ExperimentReport> reports)
    {
        string path = Path.Combine(store.OutDir, "index.html");
        File.WriteAllText(path, IndexPage.Render(store.Experiments(), reports));
        return path;
    }

    /// <summary>Builds and writes every report and the index.</summary>
    public static IReadOnlyList<ExperimentReport> WriteAll(RunStore store, IEnumerable<IExperiment> experiments)
    {
        IReadOnlyList<ExperimentReport> reports = BuildAll(store, experiments);
        foreach (ExperimentReport r in reports)
            Write(store, r);
        WriteIndex(store, reports);
        return reports;
    }
}
