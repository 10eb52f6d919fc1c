namespace Tdlab.Lab.Specs;

/// <summary>A floating-point setting that may be NaN or infinite (every other one must be finite).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AllowNonFiniteAttribute : Attribute;
