namespace Tdlab.Lab.Specs;

/// <summary>An array setting that must have at least one element.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class NotEmptyAttribute : Attribute;
