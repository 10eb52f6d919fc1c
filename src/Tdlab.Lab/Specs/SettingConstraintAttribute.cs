using System.Globalization;

namespace Tdlab.Lab.Specs;

/// <summary>
/// A range a numeric setting (or every element of an array setting) must lie in; checked by
/// <see cref="SettingRules"/> before anything runs. Numbers must also be finite unless the property says
/// <see cref="AllowNonFiniteAttribute"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public abstract class SettingConstraintAttribute : Attribute
{
    /// <summary>Whether <paramref name="value"/> satisfies the constraint.</summary>
    public abstract bool Admits(double value);

    /// <summary>What is expected, e.g. "a number > 0".</summary>
    public abstract string Expected { get; }

    protected static string F(double x) => x.ToString("G", CultureInfo.InvariantCulture);
}
