using System.Security.Cryptography;
using System.Text;
using Tdlab.Lab.Specs;
using Tdlab.Lab.Tests.Fixtures;
using Tdlab.Tensors.Random;

namespace Tdlab.Lab.Tests;

public class PlanTests
{
    private readonly QuadraticToy _toy = new();

    [Fact]
    public void Grid_is_the_cartesian_product_times_seeds_with_replicate_fastest()
    {
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.1,0.2,0.3", "curvatures=1,2"], seeds: 3);
        Assert.Equal(3 * 2 * 3, plan.Runs.Count);
        Assert.Equal(18, plan.Runs.Select(r => r.Id).Distinct().Count());
        Assert.Equal([0, 1, 2, 0, 1, 2], plan.Runs.Take(6).Select(r => r.Replicate));
        var points = plan.Runs.Select(r => (QuadraticRun)r.Config).Select(c => (c.LearningRate, c.Curvature)).Distinct().ToList();
        Assert.Equal([(0.1, 1.0), (0.1, 2.0), (0.2, 1.0), (0.2, 2.0), (0.3, 1.0), (0.3, 2.0)], points);
    }

    [Fact]
    public void Presets_and_seeds_option()
    {
        Assert.Equal(3 * 2, _toy.Plan("quick", []).Runs.Count);
        Assert.Equal(3 * 3, _toy.Plan("full", []).Runs.Count);
        Assert.Equal(3 * 5, _toy.Plan("quick", ["seeds=4"], seeds: 5).Runs.Count);
        Assert.Contains("quick, full", Assert.Throws<BadInputException>(() => _toy.Plan("huge", [])).Message);
        Assert.Throws<BadInputException>(() => _toy.Plan("quick", [], seeds: 0));
        Assert.Contains("steps", Assert.Throws<BadInputException>(() => _toy.Plan("quick", ["steps=0"])).Message);
    }

    [Fact]
    public void Run_id_is_sha256_of_name_config_json_and_replicate()
    {
        RunSpec run = _toy.Plan("quick", []).Runs[3];
        string expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"toy-quadratic\n{run.ConfigJson}\n{run.Replicate}")))[..16];
        Assert.Equal(expected, run.Id);
        Assert.Equal(Seeds.Derive(Seeds.Hash("toy-quadratic\n" + run.ConfigJson), run.Replicate), run.Seed);
    }

    [Fact]
    public void Run_ids_do_not_depend_on_grid_order_or_grid_extent_or_seed_count()
    {
        HashSet<string> small = _toy.Plan("quick", ["learning-rates=0.1,0.5"]).Runs.Select(r => r.Id).ToHashSet();
        HashSet<string> reversed = _toy.Plan("quick", ["learning-rates=0.5,0.1"]).Runs.Select(r => r.Id).ToHashSet();
        HashSet<string> larger = _toy.Plan("quick", ["learning-rates=0.1,0.5,0.7"], seeds: 4).Runs.Select(r => r.Id).ToHashSet();
        Assert.Equal(small, reversed);
        Assert.Subset(larger, small);
        Assert.Equal(_toy.Plan("quick", []).Runs.Select(r => r.Id), _toy.Plan("quick", []).Runs.Select(r => r.Id));
    }

    [Fact]
    public void Different_configs_and_replicates_get_different_seeds()
    {
        var seeds = _toy.Plan("quick", ["learning-rates=0.1,0.2,0.3"], seeds: 4).Runs.Select(r => r.Seed).ToList();
        Assert.Equal(seeds.Count, seeds.Distinct().Count());
    }

    [Fact]
    public void Canonical_json_sorts_keys_and_writes_enums_kebab_case_and_invariant_numbers()
    {
        string json = CanonicalJson.Serialize(new QuadraticRun(0.001, 1e20, 3, double.NaN, Schedule.InverseTime, false, 2, false, true));
        Assert.Equal("{\"curvature\":1E+20,\"fail-here\":false,\"learning-rate\":0.001,\"log-arrays\":true,\"nan-here\":false," +
                     "\"nan-step\":2,\"noise\":\"NaN\",\"schedule\":\"inverse-time\",\"steps\":3}", json);
        var back = CanonicalJson.Deserialize<QuadraticRun>(json);
        Assert.Equal(CanonicalJson.Serialize(back), json);
    }

    [Fact]
    public void Sweep_config_round_trips_through_the_store_form()
    {
        ExperimentPlan plan = _toy.Plan("quick", ["learning-rates=0.1,0.2", "schedule=inverse-time"], seeds: 3);
        var sweep = new Store.StoredSweep(1, plan.Experiment, plan.Preset, plan.Overrides, plan.ConfigJson, plan.Seeds,
            plan.Runs.Count, 1, DateTimeOffset.UtcNow, null, "test");
        Assert.Equal(plan.Runs.Select(r => r.Id), _toy.Replan(sweep).Runs.Select(r => r.Id));
    }
}
