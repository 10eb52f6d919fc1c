using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Runner;

/// <summary>
/// A plan's units of work: runs the experiment gives one <see cref="IExperiment.EnsembleKey"/> form one group
/// (trained together in one batched pass), other runs are units alone. Groups come from the whole plan, so a run
/// always executes the same way, whatever the store holds, the thread count or the shard.
/// </summary>
public static class WorkUnits
{
    /// <summary>The plan's units in plan order; a group sits where its first member is.</summary>
    public static List<List<RunSpec>> Of(IExperiment experiment, ExperimentPlan plan)
    {
        var groups = new Dictionary<string, List<RunSpec>>();
        var units = new List<List<RunSpec>>();
        foreach (RunSpec spec in plan.Runs)
        {
            string? key = experiment.EnsembleKey(spec);
            if (key is null)
            {
                units.Add([spec]);
            }
            else if (groups.TryGetValue(key, out var group))
            {
                group.Add(spec);
            }
            else
            {
                groups[key] = group = [spec];
                units.Add(group);
            }
        }

        return units;
    }
}
