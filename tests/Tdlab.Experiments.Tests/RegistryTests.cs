using Tdlab.Lab.Specs;

namespace Tdlab.Experiments.Tests;

/// <summary>What every registered family declares on Lab v2.</summary>
public class RegistryTests
{
    [Fact]
    public void Every_family_declares_metrics_and_its_deviations_from_the_seed()
    {
        foreach (IExperiment family in ExperimentRegistry.All)
        {
            Assert.True(family.Metrics.Scalars.Any() || family.Metrics.Indexed.Count > 0, family.Name);
            Assert.Equal(family.Name, family.Metrics.Owner);
            Assert.NotEmpty(family.Deviations);
            Assert.All(family.Deviations, d => Assert.False(string.IsNullOrWhiteSpace(d.Reason), $"{family.Name}: {d.What}"));
        }
    }

    [Fact]
    public void Family_names_are_unique_and_kebab_case()
    {
        var names = ExperimentRegistry.All.Select(e => e.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.All(names, n => Assert.Matches("^[a-z]+(-[a-z]+)*$", n));
    }
}
