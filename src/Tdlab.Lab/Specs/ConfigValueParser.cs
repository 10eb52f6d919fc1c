using System.Globalization;

namespace Tdlab.Lab.Specs;

/// <summary>
/// Parses one <c>--set</c> value into a config property's type: double, float, int, long, bool, string,
/// enums (by name, kebab-case or not, any case) and one-dimensional arrays of these written
/// <c>0.1,1,10</c> or <c>[10,50]</c>. Numbers use the invariant culture.
/// </summary>
public static class ConfigValueParser
{
    /// <summary>True when <paramref name="type"/> can be set from the command line.</summary>
    public static bool Supports(Type type) =>
        type.IsArray ? type.GetArrayRank() == 1 && SupportsScalar(type.GetElementType()!) : SupportsScalar(type);

    /// <summary>Parses <paramref name="text"/>, or throws <see cref="BadInputException"/> naming key, value and type.</summary>
    public static object Parse(string key, string text, Type type)
    {
        if (!type.IsArray)
            return ParseScalar(key, text, type, text, type);

        Type element = type.GetElementType()!;
        string body = text.Trim();
        if (body.StartsWith('[') && body.EndsWith(']'))
            body = body[1..^1];
        string[] parts = body.Trim().Length == 0 ? [] : body.Split(',');
        Array result = Array.CreateInstance(element, parts.Length);
        for (int i = 0; i < parts.Length; i++)
            result.SetValue(ParseScalar(key, parts[i].Trim(), element, text, type), i);
        return result;
    }

    /// <summary>A readable name of the expected type, e.g. "a list of numbers" or "one of: xavier, kaiming".</summary>
    public static string Describe(Type type) =>
        type.IsArray ? $"a comma-separated list of {Plural(type.GetElementType()!)}" : Singular(type);

    private static bool SupportsScalar(Type t) =>
        t == typeof(double) || t == typeof(float) || t == typeof(int) || t == typeof(long)
        || t == typeof(bool) || t == typeof(string) || t.IsEnum;

    private static object ParseScalar(string key, string text, Type type, string whole, Type declared)
    {
        const NumberStyles Num = NumberStyles.Float;
        CultureInfo inv = CultureInfo.InvariantCulture;
        object? value = type switch
        {
            _ when type == typeof(string) => text,
            _ when type == typeof(double) => double.TryParse(text, Num, inv, out double d) ? d : null,
            _ when type == typeof(float) => float.TryParse(text, Num, inv, out float f) ? f : null,
            _ when type == typeof(int) => int.TryParse(text, NumberStyles.Integer, inv, out int i) ? i : null,
            _ when type == typeof(long) => long.TryParse(text, NumberStyles.Integer, inv, out long l) ? l : null,
            _ when type == typeof(bool) => text.ToLowerInvariant() switch
            {
                "true" or "1" or "yes" => true,
                "false" or "0" or "no" => false,
                _ => null,
            },
            _ when type.IsEnum => EnumNames.Parse(type, text),
            _ => throw new BadInputException($"key '{key}' has type {type.Name}, which --set cannot parse"),
        };
        return value ?? throw new BadInputException(
            $"bad value '{whole}' for key '{key}': expected {Describe(declared)}");
    }

    private static string Singular(Type t) => t switch
    {
        _ when t == typeof(double) || t == typeof(float) => "a number",
        _ when t == typeof(int) || t == typeof(long) => "an integer",
        _ when t == typeof(bool) => "true or false",
        _ when t == typeof(string) => "a string",
        _ when t.IsEnum => "one of: " + string.Join(", ", EnumNames.All(t)),
        _ => t.Name,
    };

    private static string Plural(Type t) => t switch
    {
        _ when t == typeof(double) || t == typeof(float) => "numbers",
        _ when t == typeof(int) || t == typeof(long) => "integers",
        _ when t == typeof(bool) => "booleans",
        _ when t == typeof(string) => "strings",
        _ => "values, each " + Singular(t),
    };
}
