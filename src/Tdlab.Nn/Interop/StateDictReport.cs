namespace Tdlab.Nn.Interop;

/// <summary>
/// What loading a state dict into a module found: the entries loaded, the module's entries the file lacks
/// (<see cref="Missing"/>), the file's entries the module lacks (<see cref="Unexpected"/>), entries whose shape
/// differs (<see cref="MisShaped"/>, not loaded) and entries of another dtype than the module's
/// (<see cref="MisTyped"/>, converted in non-strict mode). In strict mode anything but <see cref="Loaded"/> is an error.
/// </summary>
public sealed record StateDictReport(
    IReadOnlyList<string> Loaded,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> MisShaped,
    IReadOnlyList<string> MisTyped)
{
    /// <summary>Every entry matched by name, shape and dtype.</summary>
    public bool Exact => Missing.Count == 0 && Unexpected.Count == 0 && MisShaped.Count == 0 && MisTyped.Count == 0;

    /// <summary>"missing: a, b; unexpected: c; mis-shaped: d (file (3, 4), module (4, 3)); mis-typed: e (file float32, module float64)".</summary>
    public string Problems => string.Join("; ", new[]
        {
            ("missing", Missing), ("unexpected", Unexpected), ("mis-shaped", MisShaped), ("mis-typed", MisTyped),
        }.Where(p => p.Item2.Count > 0).Select(p => $"{p.Item1}: {string.Join(", ", p.Item2)}"));
}
