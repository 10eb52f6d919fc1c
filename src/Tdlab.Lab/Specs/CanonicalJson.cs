using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Tdlab.Lab.Specs;

/// <summary>
/// The canonical JSON of a config: kebab-case keys sorted ordinally at every level, enums as kebab-case
/// strings, numbers in invariant shortest round-trip form, NaN/Infinity as named literals, no whitespace.
/// Equal configs give byte-equal text, which is what run ids hash.
/// </summary>
public static class CanonicalJson
{
    /// <summary>Serializer options shared by serialisation and parsing of stored configs.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // Derived (get-only) properties are not settings: they must not change a run's identity.
        IgnoreReadOnlyProperties = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public static string Serialize(object config)
    {
        JsonNode? node = JsonSerializer.SerializeToNode(config, config.GetType(), Options);
        return Sorted(node)?.ToJsonString() ?? "null";
    }

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"config JSON is null: {json}");

    public static object Deserialize(string json, Type type) =>
        JsonSerializer.Deserialize(json, type, Options) ?? throw new InvalidDataException($"config JSON is null: {json}");

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray arr => new JsonArray(arr.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };
}
