using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tdlab.Lab.Specs;

/// <summary>
/// The canonical JSON of a config: kebab-case keys sorted ordinally at every level, enums as kebab-case
/// strings, numbers in invariant shortest round-trip form, NaN/Infinity as named literals, no whitespace.
/// Equal configs give byte-equal text, which is what run ids hash. A property marked
/// <see cref="OmitWhenDefaultAttribute"/> is left out while it equals its default, so adding a setting keeps ids.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serializer options shared by serialisation and parsing of stored configs.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Derived (get-only) properties are not settings: they must not change a run's identity. (System.Text.Json
        // still writes get-only collections; stored run ids include them, so that stays.)
        IgnoreReadOnlyProperties = true,
        Converters = { new EnumNameConverter() },
    };

    public static string Serialize(object config)
    {
        JsonNode? node = JsonSerializer.SerializeToNode(config, config.GetType(), Options);
        if (node is JsonObject obj)
            foreach (PropertyInfo p in AtDefault(config))
                obj.Remove(Options.PropertyNamingPolicy!.ConvertName(p.Name));
        return Sorted(node)?.ToJsonString() ?? "null";
    }

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"config JSON is null: {json}");

    public static object Deserialize(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new InvalidDataException($"config JSON is null: {json}");

    /// <summary>Per config type: its [OmitWhenDefault] properties with their defaults (reflected and constructed once per type).</summary>
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, object? Default)[]> Omittable = new();

    /// <summary>
    /// Properties marked <see cref="OmitWhenDefaultAttribute"/> whose value equals the declaring record's default, by
    /// <see cref="object.Equals(object?, object?)"/>: arrays compare by reference, so an array setting is omitted only at an
    /// empty default (<c>[]</c> is one shared instance) and a non-empty array default is always written. Kept so on purpose:
    /// stored run ids include those keys; a new array setting takes an empty default meaning "unset" (lipschitz's trained-widths).
    /// </summary>
    private static IEnumerable<PropertyInfo> AtDefault(object config) =>
        Omittable.GetOrAdd(config.GetType(), DefaultsOf)
            .Where(d => Equals(d.Property.GetValue(config), d.Default))
            .Select(d => d.Property);

    private static (PropertyInfo, object?)[] DefaultsOf(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.IsDefined(typeof(OmitWhenDefaultAttribute)))
            .Select(p => (p, p.GetValue(Activator.CreateInstance(p.DeclaringType!, nonPublic: true)
                ?? throw new InvalidOperationException($"{p.DeclaringType!.Name} needs a parameterless constructor for [OmitWhenDefault] {p.Name}"))))
            .ToArray();

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
