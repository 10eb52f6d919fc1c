using System.Text.Json;

namespace Tdlab.Lab.Store;

/// <summary>A row of the runs table, with the config JSON parsed.</summary>
public sealed record RunRecord(
    string Id,
    string Experiment,
    string ConfigJson,
    ulong Seed,
    int Replicate,
    RunStatus Status,
    int? DivergedStep,
    string? Message,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string Version,
    string Machine,
    int Threads)
{
    private JsonElement? _config;

    /// <summary>The resolved run config as a JSON object (kebab-case keys).</summary>
    public JsonElement Config => _config ??= JsonDocument.Parse(ConfigJson).RootElement.Clone();

    public double? Seconds => EndedAt is { } end ? (end - StartedAt).TotalSeconds : null;

    /// <summary>The config value of <paramref name="key"/> as canonical JSON text ("" when absent).</summary>
    public string ConfigText(string key) =>
        Config.ValueKind == JsonValueKind.Object && Config.TryGetProperty(key, out JsonElement v) ? v.GetRawText() : "";
}
