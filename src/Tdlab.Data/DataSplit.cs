namespace Tdlab.Data;

/// <summary>A training set and a held-out test set drawn from the same distribution.</summary>
public sealed record DataSplit(Dataset Train, Dataset Test);
