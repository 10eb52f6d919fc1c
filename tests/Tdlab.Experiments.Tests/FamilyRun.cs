using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

/// <summary>Runs a family at a tiny configuration into a temporary store and analyses it.</summary>
internal sealed class FamilyRun : IDisposable
{
    private FamilyRun(string dir, RunStore store, ExperimentPlan plan, SweepSummary summary, Analysis analysis)
    {
        Dir = dir;
        Store = store;
        Plan = plan;
        Summary = summary;
        Analysis = analysis;
    }

    public string Dir { get; }

    public RunStore Store { get; }

    public ExperimentPlan Plan { get; }

    public SweepSummary Summary { get; }

    public Analysis Analysis { get; }

    public static FamilyRun Start(IExperiment experiment, string[] overrides, int seeds = 1, int threads = 2)
    {
        string dir = Path.Combine(Path.GetTempPath(), "tdlab-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var store = RunStore.Open(dir);
        var plan = experiment.Plan("quick", overrides, seeds);
        var summary = new SweepRunner(store, threads, new NullProgress()).Run(experiment, plan, CancellationToken.None);
        return new FamilyRun(dir, store, plan, summary, experiment.Analyse(store, plan));
    }

    public void Dispose()
    {
        try { Directory.Delete(Dir, recursive: true); } catch (IOException) { }
    }

    internal sealed class NullProgress : ISweepProgress
    {
        public void Started(ExperimentPlan plan, int pending, int skipped) { }

        public void RunFinished(RunOutcome outcome) { }

        public void Finished(SweepSummary summary) { }
    }
}
