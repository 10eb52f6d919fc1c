namespace Tdlab.Lab.Reports;

/// <summary>A figure an experiment supplies: written as <paramref name="FileName"/> next to the report.</summary>
public sealed record Figure(string FileName, string Caption, string Svg);
