using System.Globalization;
using System.Text.RegularExpressions;
using Tdlab.Lab.Specs;

namespace Tdlab.Lab.Runner;

/// <summary>
/// Part <see cref="Index"/> of <see cref="Count"/> of a sweep (<c>tdlab run --shard i/N</c>). The parts depend only
/// on the plans: the units of work of every plan (runs, ensemble groups kept whole; <see cref="WorkUnits"/>) are
/// taken largest first, ties by their smallest run id (ordinal), and each goes to the part with the fewest runs so
/// far (ties: the lowest index). Run ids are hashes of experiment, config and replicate, so the same plans give
/// the same parts on any machine, and the parts are disjoint and together the whole plan.
/// </summary>
public sealed partial record Shard(int Index, int Count)
{
    /// <summary>Parses "i/N" with 0 ≤ i &lt; N; anything else is a <see cref="BadInputException"/> that says what is expected.</summary>
    public static Shard Parse(string text)
    {
        Match m = Pattern().Match(text);
        if (!m.Success)
            throw new BadInputException($"--shard takes i/N (part i of N, counted from 0, e.g. 0/4), got '{text}'");
        if (!int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int index)
            || !int.TryParse(m.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int count))
            throw new BadInputException($"--shard {text}: the numbers are too large");
        if (count < 1)
            throw new BadInputException($"--shard {text}: the number of shards N must be at least 1");
        if (index >= count)
            throw new BadInputException($"--shard {text}: the shard index must be below N (0 to {count - 1})");
        return new Shard(index, count);
    }

    public override string ToString() => $"{Index}/{Count}";

    /// <summary>Each plan cut down to this shard's runs, in plan order (a plan may be left with none).</summary>
    public IReadOnlyList<ExperimentPlan> Select(IReadOnlyList<(IExperiment Experiment, ExperimentPlan Plan)> plans)
    {
        HashSet<string> mine = Assign(plans)[Index];
        return plans.Select(p => p.Plan with { Runs = p.Plan.Runs.Where(r => mine.Contains(r.Id)).ToList() }).ToList();
    }

    /// <summary>The run ids of every part, indexed by part.</summary>
    public IReadOnlyList<HashSet<string>> Assign(IReadOnlyList<(IExperiment Experiment, ExperimentPlan Plan)> plans)
    {
        var units = plans.SelectMany(p => WorkUnits.Of(p.Experiment, p.Plan))
            .Select(u => (Ids: u.Select(r => r.Id).ToList(), First: u.Select(r => r.Id).Min(StringComparer.Ordinal)!))
            .OrderByDescending(u => u.Ids.Count)
            .ThenBy(u => u.First, StringComparer.Ordinal);
        var parts = Enumerable.Range(0, Count).Select(_ => new HashSet<string>()).ToList();
        foreach (var unit in units)
        {
            HashSet<string> smallest = parts.MinBy(p => p.Count)!;    // MinBy returns the first of equals: the lowest index
            smallest.UnionWith(unit.Ids);
        }

        return parts;
    }

    [GeneratedRegex(@"^\s*(\d+)\s*/\s*(\d+)\s*$")]
    private static partial Regex Pattern();
}
