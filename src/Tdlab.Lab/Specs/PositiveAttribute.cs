namespace Tdlab.Lab.Specs;

/// <summary>The setting must be &gt; 0.</summary>
public sealed class PositiveAttribute : SettingConstraintAttribute
{
    public override bool Admits(double value) => value > 0;

    public override string Expected => "> 0";
}
