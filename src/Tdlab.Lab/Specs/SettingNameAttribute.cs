namespace Tdlab.Lab.Specs;

/// <summary>
/// The name an enum member has in configs, run identities and on the command line, when it is not the member's
/// name in kebab-case (<c>WeightDecay</c> -> <c>weight-decay</c>). May be empty: a run that never uses a setting
/// can carry an empty kind and keep the identity it had when the setting was a string.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class SettingNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
