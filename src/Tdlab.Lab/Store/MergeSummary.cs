namespace Tdlab.Lab.Store;

/// <summary>What <see cref="StoreMerge.Merge"/> did: runs in the merged store, duplicates kept once, sweeps and array files written.</summary>
public sealed record MergeSummary(int Runs, int Duplicates, int Sweeps, int ArrayFiles);
