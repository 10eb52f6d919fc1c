namespace Tdlab.Lab.Figures;

/// <summary>One tick mark. <see cref="Label"/> may hold ^{..} superscripts; empty for unlabelled
/// ticks. Minor ticks are shorter and draw no grid line.</summary>
public readonly record struct Tick(double Value, string Label, bool Major = true);
