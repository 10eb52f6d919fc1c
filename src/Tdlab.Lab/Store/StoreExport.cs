using System.Globalization;
using System.Text;
using System.Text.Json;
using Tdlab.Tensors.Io;

namespace Tdlab.Lab.Store;

/// <summary>
/// Exports an experiment's stored runs for other tools, into <c>&lt;out&gt;/&lt;experiment&gt;/export/</c>:
/// CSV (<c>runs.csv</c> with one column per flattened config key, <c>metrics.csv</c> long format,
/// <c>arrays.csv</c>), or .npy (<c>runs.csv</c> as the row index, and per metric <c>metrics/&lt;name&gt;.npy</c>
/// of shape (runs, steps) with NaN where a run has no value, beside <c>metrics/&lt;name&gt;.steps.npy</c>).
/// A store is untrusted input (it may be shared or downloaded): every path written is checked to stay under
/// the output folder (<see cref="FileNames.Inside"/>); callers pass registered experiment names only.
/// </summary>
public static class StoreExport
{
    public static IReadOnlyList<string> Csv(RunStore store, string experiment)
    {
        string dir = Folder(store, experiment);
        IReadOnlyList<RunRecord> runs = store.Runs(experiment);
        var metrics = store.MetricsOf(experiment);
        var lines = new StringBuilder("run_id,step,name,value\n");
        foreach (RunRecord r in runs)
            if (metrics.TryGetValue(r.Id, out var byName))
                foreach ((string name, (int Step, double Value)[] series) in byName.OrderBy(p => p.Key, StringComparer.Ordinal))
                    foreach ((int step, double value) in series)
                        lines.Append(CultureInfo.InvariantCulture, $"{r.Id},{step},{Field(name)},{Number(value)}\n");
        var arrays = new StringBuilder("run_id,name,step,path\n");
        foreach (RunRecord r in runs)
            foreach (ArrayRow a in store.Arrays(r.Id))
                arrays.Append(CultureInfo.InvariantCulture, $"{r.Id},{Field(a.Name)},{a.Step},{Field(a.Path)}\n");
        return [Write(dir, "runs.csv", RunsCsv(runs)), Write(dir, "metrics.csv", lines.ToString()),
            Write(dir, "arrays.csv", arrays.ToString())];
    }

    public static IReadOnlyList<string> NumPy(RunStore store, string experiment)
    {
        string dir = Folder(store, experiment);
        IReadOnlyList<RunRecord> runs = store.Runs(experiment);
        var metrics = store.MetricsOf(experiment);
        var written = new List<string> { Write(dir, "runs.csv", RunsCsv(runs)) };
        Directory.CreateDirectory(Path.Combine(dir, "metrics"));
        foreach (string name in metrics.Values.SelectMany(m => m.Keys).Distinct().Order(StringComparer.Ordinal))
        {
            int[] steps = metrics.Values.Where(m => m.ContainsKey(name)).SelectMany(m => m[name].Select(p => p.Step))
                .Distinct().Order().ToArray();
            var column = steps.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => p.i);
            var table = new double[runs.Count * steps.Length];
            Array.Fill(table, double.NaN);
            for (int r = 0; r < runs.Count; r++)
                if (metrics.TryGetValue(runs[r].Id, out var m) && m.TryGetValue(name, out var series))
                    foreach ((int step, double value) in series)
                        table[r * steps.Length + column[step]] = value;
            string file = FileNames.Inside(dir, "metrics", FileNames.Safe(name) + ".npy");
            AtomicFile.Write(file, tmp => Npy.Write<double>(tmp, table, [runs.Count, steps.Length]));
            AtomicFile.Write(FileNames.Inside(dir, "metrics", FileNames.Safe(name) + ".steps.npy"), tmp => Npy.Write<int>(tmp, steps, [steps.Length]));
            written.Add(file);
        }

        return written;
    }

    /// <summary>One row per run: store columns, then one column per config key (nested keys joined by '.').</summary>
    private static string RunsCsv(IReadOnlyList<RunRecord> runs)
    {
        List<Dictionary<string, string>> configs = runs.Select(r => Flatten(r.Config)).ToList();
        string[] keys = configs.SelectMany(c => c.Keys).Distinct().Order(StringComparer.Ordinal).ToArray();
        var csv = new StringBuilder("id,experiment,replicate,seed,status,diverged_step,message,started_at,ended_at,seconds");
        foreach (string k in keys)
            csv.Append(',').Append(Field(k));
        csv.Append('\n');
        for (int i = 0; i < runs.Count; i++)
        {
            RunRecord r = runs[i];
            csv.Append(CultureInfo.InvariantCulture,
                $"{r.Id},{Field(r.Experiment)},{r.Replicate},{r.Seed},{RunStore.StatusText(r.Status)},{r.DivergedStep},{Field(r.Message ?? "")},")
                .Append(CultureInfo.InvariantCulture, $"{r.StartedAt:O},{r.EndedAt:O},{(r.Seconds is { } s ? Number(s) : "")}");
            foreach (string k in keys)
                csv.Append(',').Append(Field(configs[i].GetValueOrDefault(k, "")));
            csv.Append('\n');
        }

        return csv.ToString();
    }

    private static Dictionary<string, string> Flatten(JsonElement e, string prefix = "")
    {
        var result = new Dictionary<string, string>();
        if (e.ValueKind != JsonValueKind.Object)
        {
            result[prefix] = e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText();
            return result;
        }

        foreach (JsonProperty p in e.EnumerateObject())
            foreach (var kv in Flatten(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}.{p.Name}"))
                result[kv.Key] = kv.Value;
        return result;
    }

    private static string Folder(RunStore store, string experiment)
    {
        string dir = FileNames.Inside(store.OutDir, experiment, "export");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Write(string dir, string name, string text)
    {
        string path = FileNames.Inside(dir, name);
        AtomicFile.WriteAllText(path, text);
        return path;
    }

    private static string Number(double v) => double.IsFinite(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "nan";

    /// <summary>RFC 4180 quoting when a field holds a comma, quote or newline.</summary>
    private static string Field(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
