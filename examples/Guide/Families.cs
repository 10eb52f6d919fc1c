using Tdlab.Guide.Family;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Guide;

/// <summary>The guide's section "Write an experiment family": plan, run into a store, decide the claims.</summary>
public static class Families
{
    public static string RunFamily(string folder)
    {
        var family = new HeavyBallExperiment();
        ExperimentPlan plan = family.Plan("quick", ["condition=400"]);   // --set condition=400
        RunStore store = RunStore.Open(Path.Combine(folder, "runs"));
        new SweepRunner(store, threads: 2).Run(family, plan);
        ExperimentReport report = ReportBuilder.Build(store, family)!;
        return string.Join("\n", report.Claims.Select(c => $"{c.Id}: {c.VerdictText} (estimate {c.Measured:G3}, n = {c.N})"));
    }
}
