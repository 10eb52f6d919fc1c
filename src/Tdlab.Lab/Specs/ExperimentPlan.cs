namespace Tdlab.Lab.Specs;

/// <summary>
/// A resolved sweep: the experiment, the preset and overrides it came from, the resolved sweep config
/// (canonical JSON, without the seed count), the number of replicate seeds, and every run of
/// grid x replicates in grid order (replicate fastest).
/// </summary>
public sealed record ExperimentPlan(
    string Experiment,
    string Preset,
    IReadOnlyList<string> Overrides,
    string ConfigJson,
    int Seeds,
    IReadOnlyList<RunSpec> Runs);
