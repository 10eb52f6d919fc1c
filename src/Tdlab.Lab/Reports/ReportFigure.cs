namespace Tdlab.Lab.Reports;

/// <summary>A figure an experiment supplies to its report: written as <paramref name="FileName"/> next to it.</summary>
public sealed record ReportFigure(string FileName, string Caption, string Svg);
