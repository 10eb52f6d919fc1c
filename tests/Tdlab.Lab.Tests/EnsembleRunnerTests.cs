using Tdlab.Lab.Runner;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;
using Tdlab.Lab.Tests.Fixtures;

namespace Tdlab.Lab.Tests;

public class EnsembleRunnerTests
{
    private static readonly string[] Settings =
        ["learning-rates=0.1,0.3,0.5,2.5", "curvatures=1,2", "noise=0.1", "nan-learning-rate=0.3", "nan-step=4"];

    private static List<string> Sweep(IExperiment experiment, int threads, Action<RunStore, ExperimentPlan>? before = null)
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        ExperimentPlan plan = experiment.Plan("quick", Settings, seeds: 2);
        before?.Invoke(store, plan);
        new SweepRunner(store, threads).Run(experiment, plan);
        return Sweeps.Dump(store);
    }

    [Fact]
    public void Members_of_an_ensemble_store_exactly_what_they_store_alone()
    {
        var ensemble = new EnsembleQuadraticToy();
        List<string> alone = Sweep(new QuadraticToy(), threads: 1);
        List<string> together = Sweep(ensemble, threads: 2);
        Assert.Equal(alone, together);
        Assert.Equal(4, ensemble.GroupsExecuted);   // 2 curvatures x 2 replicates
    }

    [Fact]
    public void A_diverging_member_is_marked_at_its_step_while_the_others_complete()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var toy = new EnsembleQuadraticToy();
        ExperimentPlan plan = toy.Plan("quick", Settings, seeds: 1);
        SweepSummary summary = new SweepRunner(store, 2).Run(toy, plan);
        var nan = store.Runs("toy-quadratic").Where(r => r.Config.GetProperty("nan-here").GetBoolean()).ToList();
        Assert.Equal(2, nan.Count);
        Assert.All(nan, r => Assert.Equal((RunStatus.Diverged, (int?)4), (r.Status, r.DivergedStep)));
        Assert.Equal(plan.Runs.Count, summary.Outcomes.Count);
        Assert.Equal(plan.Runs.Count - 2, summary.Count(RunStatus.Complete));
    }

    [Fact]
    public void Results_do_not_depend_on_threads_or_on_what_the_store_already_held()
    {
        List<string> one = Sweep(new EnsembleQuadraticToy(), threads: 1);
        List<string> two = Sweep(new EnsembleQuadraticToy(), threads: 2);
        Assert.Equal(one, two);

        // Half of the runs already stored (by the plain toy): the remaining members still run in their whole
        // group, and only they are stored.
        var ensemble = new EnsembleQuadraticToy();
        int groupsWithPending = 0;
        List<string> resumed = Sweep(ensemble, threads: 2, (store, plan) =>
        {
            var stored = plan with { Runs = plan.Runs.Where((_, i) => i % 3 == 0).ToList() };
            new SweepRunner(store, 1).Run(new QuadraticToy(), stored);
            groupsWithPending = plan.Runs.Where((_, i) => i % 3 != 0).Select(ensemble.EnsembleKey).Distinct().Count();
        });
        Assert.Equal(one, resumed);
        Assert.Equal(4, groupsWithPending);
        Assert.Equal(groupsWithPending, ensemble.GroupsExecuted);
    }

    [Fact]
    public void An_exception_fails_every_pending_member_of_the_group_and_the_sweep_goes_on()
    {
        using var dir = new TempDir();
        RunStore store = RunStore.Open(dir.Path);
        var toy = new EnsembleQuadraticToy();
        ExperimentPlan plan = toy.Plan("quick", ["learning-rates=0.1,0.2", "curvatures=1,2", "fail-learning-rate=0.2"], seeds: 1);
        SweepSummary summary = new SweepRunner(store, 2).Run(toy, plan);
        Assert.Equal(4, summary.Count(RunStatus.Failed));
        Assert.All(store.Runs("toy-quadratic"), r => Assert.Contains("failed on purpose", r.Message));
    }
}
