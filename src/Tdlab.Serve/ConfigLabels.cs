using System.Text.Json;

namespace Tdlab.Serve;

/// <summary>
/// Names each configuration of a sweep by the settings that tell it apart from the others ("depth=10 scheme=xavier"),
/// so curves can be grouped by configuration and labelled without repeating the settings all share.
/// </summary>
public static class ConfigLabels
{
    /// <summary>Config JSON -> label, for every distinct config in <paramref name="configs"/>.</summary>
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<string> configs)
    {
        List<string> distinct = configs.Distinct(StringComparer.Ordinal).ToList();
        var parsed = distinct.ToDictionary(c => c, Settings, StringComparer.Ordinal);
        List<string> keys = parsed.Values.SelectMany(s => s.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        List<string> varying = keys
            .Where(k => parsed.Values.Select(s => s.GetValueOrDefault(k, "")).Distinct().Count() > 1)
            .ToList();
        return distinct.ToDictionary(c => c, c => varying.Count == 0
            ? "all runs"
            : string.Join(" ", varying.Select(k => $"{k}={parsed[c].GetValueOrDefault(k, "(default)")}")), StringComparer.Ordinal);
    }

    /// <summary>Top-level settings of a config object as key -> compact text (strings unquoted).</summary>
    private static Dictionary<string, string> Settings(string configJson)
    {
        using JsonDocument doc = JsonDocument.Parse(configJson);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
            return [];
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name,
            p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText());
    }
}
