using System.Reflection;

namespace Tdlab.Lab.Specs;

/// <summary>
/// Applies <c>--set key=value</c> overrides to a config record, strictly: an unknown key is an error
/// listing the valid keys, a value of the wrong type is an error naming key, value and expected type.
/// The record is copied (its compiler-generated clone) and the property set through its init accessor.
/// </summary>
public static class ConfigOverrides
{
    /// <summary>Settable keys of a config type, kebab-case, in declaration order.</summary>
    public static IReadOnlyList<string> Keys(Type configType) =>
        Settable(configType).Select(p => ConfigKeys.Of(p.Name)).ToList();

    public static T Apply<T>(T config, IEnumerable<string> assignments, string experiment) where T : class
    {
        T current = config;
        foreach (string assignment in assignments)
        {
            int eq = assignment.IndexOf('=');
            if (eq <= 0)
                throw new BadInputException($"--set expects key=value, got '{assignment}'");
            current = Set(current, assignment[..eq].Trim(), assignment[(eq + 1)..].Trim(), experiment);
        }

        return current;
    }

    public static T Set<T>(T config, string key, string value, string experiment) where T : class
    {
        Type type = config.GetType();
        List<PropertyInfo> props = Settable(type);
        PropertyInfo? prop = props.FirstOrDefault(p => ConfigKeys.Normalise(p.Name) == ConfigKeys.Normalise(key))
            ?? throw new BadInputException(
                $"unknown key '{key}' for experiment '{experiment}'; valid keys: {string.Join(", ", Keys(type))}");
        object parsed = ConfigValueParser.Parse(ConfigKeys.Of(prop.Name), value, prop.PropertyType);
        T copy = Clone(config);
        prop.SetValue(copy, parsed);
        return copy;
    }

    private static List<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanRead && p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0
                        && p.Name != "EqualityContract" && ConfigValueParser.Supports(p.PropertyType))
            .OrderBy(p => p.DeclaringType == type ? 0 : 1)
            .ThenBy(p => p.MetadataToken)
            .ToList();

    private static T Clone<T>(T config) where T : class
    {
        MethodInfo clone = config.GetType().GetMethod("<Clone>$")
            ?? throw new InvalidOperationException($"config type {config.GetType().Name} must be a record");
        return (T)clone.Invoke(config, null)!;
    }
}
