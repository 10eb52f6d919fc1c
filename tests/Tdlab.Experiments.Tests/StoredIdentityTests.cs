using Tdlab.Lab.Specs;
using Tdlab.Lab.Store;

namespace Tdlab.Experiments.Tests;

/// <summary>
/// Lab v2 rewrote how families declare their settings; a run whose settings did not change must keep its id, so
/// that stores written before keep resuming. Fixtures/main-quick-store.db is the store `tdlab run all` (quick
/// preset) wrote with the code before Lab v2 (commit 139ec11), with its metric and array rows deleted to keep it
/// small: its runs and sweeps tables are as that code wrote them. Families added since (data-parallel,
/// critical-manifolds, edge-of-stability, sharpness, three-layer, parameter-control) have their first quick sweep's
/// runs and sweep rows appended, as the code that introduced them wrote them (2026-12-01), so their ids are held too.
/// </summary>
public class StoredIdentityTests
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Fixtures", "main-quick-store.db");

    [Fact]
    public void Every_registered_family_replans_the_stored_sweep_to_the_stored_run_ids()
    {
        string dir = Path.Combine(Path.GetTempPath(), "tdlab-ids-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        try
        {
            File.Copy(Fixture, Path.Combine(dir, "runs.db"));
            RunStore store = RunStore.Open(dir);
            // every stored family is still registered, and every registered family has its runs in the fixture (a new family
            // appends its first quick sweep's runs and sweep row, so that its ids are held from then on)
            Assert.Empty(store.Experiments().Except(ExperimentRegistry.All.Select(e => e.Name)));
            Assert.Empty(ExperimentRegistry.All.Select(e => e.Name).Except(store.Experiments()));
            foreach (IExperiment experiment in ExperimentRegistry.All.Where(e => store.Experiments().Contains(e.Name)))
            {
                StoredSweep sweep = store.LatestSweep(experiment.Name)!;
                ExperimentPlan plan = experiment.Replan(sweep);
                var stored = store.Runs(experiment.Name).Select(r => r.Id).Order().ToList();
                Assert.True(stored.SequenceEqual(plan.Runs.Select(r => r.Id).Order()),
                    $"{experiment.Name}: {plan.Runs.Count(r => !stored.Contains(r.Id))} planned runs have ids the stored runs do not");
                var configs = store.Runs(experiment.Name).ToDictionary(r => r.Id, r => r.ConfigJson);
                Assert.All(plan.Runs, r => Assert.Equal(configs[r.Id], r.ConfigJson));
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
