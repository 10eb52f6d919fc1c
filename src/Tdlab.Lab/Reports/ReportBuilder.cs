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
        ExperimentPlan plan;
        try
        {
            plan = experiment.Replan(sweep);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or FormatException or NotSupportedException
                                      or ArgumentException or InvalidOperationException)
        {
            // The sweep row passed the store's checks but its config does not fit the experiment.
            throw new BadInputException($"the run store '{store.DbPath}' is damaged: sweep {sweep.Id} of '{experiment.Name}' " +
                                        $"has a config that cannot be read: {e.Message.ReplaceLineEndings(" ")}");
        }

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
        string dir = Folder(store, report.Name);
        Guard(dir, () =>
        {
            Directory.CreateDirectory(dir);
            foreach (ReportFigure f in report.Analysis.Figures)
                AtomicFile.WriteAllText(FileNames.Inside(dir, FileNames.Safe(f.FileName)), f.Svg);
            AtomicFile.WriteAllText(Path.Combine(dir, "report.md"), MarkdownReport.Render(report));
            // report.html last: a reader who finds it finds the figures and the Markdown of the same sweep.
            AtomicFile.WriteAllText(Path.Combine(dir, "report.html"), HtmlReport.Render(report));
        });
        return dir;
    }

    /// <summary>Whether writing <paramref name="report"/> would replace a report with an incomplete one (see the rule above).</summary>
    public static bool KeepsPrevious(RunStore store, ExperimentReport report) =>
        !report.IsComplete && File.Exists(Path.Combine(Folder(store, report.Name), "report.md"));

    /// <summary>Writes index.html over all experiments in the store (reports for those that have one).</summary>
    public static string WriteIndex(RunStore store, IReadOnlyList<ExperimentReport> reports)
    {
        string path = Path.Combine(store.OutDir, "index.html");
        Guard(path, () => AtomicFile.WriteAllText(path, IndexPage.Render(store.Experiments(), reports)));
        return path;
    }

    /// <summary>
    /// Builds and writes every report (except those kept by the rule above, whose names are added to
    /// <paramref name="kept"/>) and the index.
    /// </summary>
    public static IReadOnlyList<ExperimentReport> WriteAll(RunStore store, IEnumerable<IExperiment> experiments,
        ICollection<string>? kept = null)
    {
        IReadOnlyList<ExperimentReport> reports = BuildAll(store, experiments);
        foreach (ExperimentReport r in reports)
        {
            if (KeepsPrevious(store, r))
                kept?.Add(r.Name);
            else
                Write(store, r);
        }

        WriteIndex(store, reports);
        return reports;
    }

    /// <summary>The report folder of an experiment; its name comes from the registry, checked to stay under the output folder.</summary>
    private static string Folder(RunStore store, string experiment) => FileNames.Inside(store.OutDir, experiment);

    /// <summary>Turns a file-system failure into one line naming what could not be written.</summary>
    private static void Guard(string path, Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot write the report '{path}': {e.Message}", e);
        }
    }
}
