using System.Reflection;

namespace Tdlab.Lab.Specs;

/// <summary>
/// The one naming of enum values used by configs, run identities, <c>--set</c> and reports: the member name in
/// kebab-case (<c>ReluNet</c> -> <c>relu-net</c>), or its <see cref="SettingNameAttribute"/>. Parsing accepts that
/// name, and the member name in any case with or without '-' and '_'; never a number.
/// </summary>
public static class EnumNames
{
    /// <summary>The setting name of <paramref name="value"/>.</summary>
    public static string Of(Enum value) => Of(value.GetType(), value.ToString());

    /// <summary>Every member's setting name, in declaration order.</summary>
    public static IReadOnlyList<string> All(Type enumType) =>
        Enum.GetNames(enumType).Select(n => Of(enumType, n)).ToList();

    /// <summary>The member named <paramref name="text"/>, or null.</summary>
    public static object? Parse(Type enumType, string text)
    {
        string wanted = ConfigKeys.Normalise(text);
        foreach (string member in Enum.GetNames(enumType))
            if (Of(enumType, member) == text || (text.Length > 0 && ConfigKeys.Normalise(member) == wanted))
                return Enum.Parse(enumType, member);
        return null;
    }

    private static string Of(Type enumType, string member) =>
        enumType.GetField(member, BindingFlags.Public | BindingFlags.Static)?.GetCustomAttribute<SettingNameAttribute>()?.Name
        ?? ConfigKeys.Of(member);
}
