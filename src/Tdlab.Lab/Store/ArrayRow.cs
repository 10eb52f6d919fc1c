namespace Tdlab.Lab.Store;

/// <summary>One logged array: a .npy file at <paramref name="Path"/>, relative to the output folder.</summary>
public sealed record ArrayRow(string Name, int Step, string Path);
