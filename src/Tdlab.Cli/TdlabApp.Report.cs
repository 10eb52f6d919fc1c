using System.CommandLine;
using System.Text.Json;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Reports;
using Tdlab.Lab.Store;

namespace Tdlab.Cli;

public sealed partial class TdlabApp
{
    private Command ReportCommand()
    {
        Option<string> outDir = OutOption();
        var command = new Command("report", "rebuild figures and reports from the store") { outDir };
        command.SetAction(p =>
        {
            // Read-only: report writes report files, never the store.
            RunStore store = RunStore.OpenReadOnly(p.GetValue(outDir)!);
            var kept = new List<string>();
            IReadOnlyList<ExperimentReport> reports = ReportBuilder.WriteAll(store, Experiments, kept);
            foreach (ExperimentReport r in reports)
                output.WriteLine(ReportLine(r, store, kept));
            foreach (string other in store.Experiments().Except(reports.Select(r => r.Name)))
                output.WriteLine($"{other}: in the store but not a registered experiment; no report");
            output.WriteLine($"index: {Path.Combine(store.OutDir, "index.html")}");
            return reports.All(r => r.Analysis.Valid) ? Ok : NotHolding;
        });
        return command;
    }

    private Command ClaimsCommand()
    {
        Option<string> outDir = OutOption();
        var json = new Option<bool>("--json") { Description = "one JSON array of claim and check objects" };
        var command = new Command("claims", "the claims (and sanity checks) table, computed from the store") { outDir, json };
        command.SetAction(p =>
        {
            RunStore store = RunStore.OpenReadOnly(p.GetValue(outDir)!);
            IReadOnlyList<ExperimentReport> reports = ReportBuilder.BuildAll(store, Experiments);
            List<Claim> claims = reports.SelectMany(r => r.Claims).ToList();
            List<Check> checks = reports.SelectMany(r => r.Checks).ToList();
            if (p.GetValue(json))
            {
                output.WriteLine(ClaimsJson(claims, checks));
            }
            else
            {
                foreach (Claim c in claims)
                    output.WriteLine($"{c.VerdictText.ToUpperInvariant(),-13}  {c.Experiment}/{c.Id}: {c.Statement} " +
                                     $"(estimate {Claim.Format(c.Measured)}{(c.Evidence is { } e ? $" [{Claim.Format(e.Low)}, {Claim.Format(e.High)}]" : "")}, " +
                                     $"n = {c.N}, threshold {c.Threshold}){(c.Detail.Length > 0 ? "; " + c.Detail : "")}");
                foreach (Check c in checks)
                    output.WriteLine($"check {c.Verdict,-6} {c.Experiment}/{c.Id}: {c.Statement} (measured {Claim.Format(c.Measured)}, expected {c.Expected})");
            }

            return checks.All(c => c.Passes) ? Ok : NotHolding;
        });
        return command;
    }

    /// <summary>
    /// One JSON array: per claim <c>{"experiment", "id", "kind": "claim", "statement", "seed", "statistic",
    /// "replicate_unit", "measured", "n", "interval": [low, high], "interval_method", "rule", "threshold", "verdict",
    /// "holds", "note", "detail"}</c>; per sanity check the same keys with <c>"kind": "check"</c>, the expected value as
    /// "threshold", verdict "passes"/"fails" and n, interval and seed null. Numbers that are not finite are null.
    /// </summary>
    public static string ClaimsJson(IEnumerable<Claim> claims, IEnumerable<Check> checks)
    {
        var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartArray();
            foreach (Claim c in claims)
            {
                w.WriteStartObject();
                w.WriteString("experiment", c.Experiment);
                w.WriteString("id", c.Id);
                w.WriteString("kind", "claim");
                w.WriteString("statement", c.Statement);
                w.WriteString("seed", c.Spec.Seed.ToString());
                w.WriteString("statistic", c.Spec.Statistic);
                w.WriteString("replicate_unit", c.Spec.ReplicateUnit);
                Number(w, "measured", c.Measured);
                w.WriteNumber("n", c.N);
                if (c.Evidence is { } e)
                {
                    w.WriteStartArray("interval");
                    NumberValue(w, e.Low);
                    NumberValue(w, e.High);
                    w.WriteEndArray();
                    w.WriteString("interval_method", e.Method);
                }
                else
                {
                    w.WriteNull("interval");
                    w.WriteNull("interval_method");
                }

                w.WriteString("rule", c.RuleText);
                w.WriteString("threshold", c.Threshold);
                w.WriteString("verdict", c.VerdictText);
                w.WriteBoolean("holds", c.Holds);
                w.WriteString("note", c.Note);
                w.WriteString("detail", c.Detail);
                w.WriteEndObject();
            }

            foreach (Check c in checks)
            {
                w.WriteStartObject();
                w.WriteString("experiment", c.Experiment);
                w.WriteString("id", c.Id);
                w.WriteString("kind", "check");
                w.WriteString("statement", c.Statement);
                w.WriteNull("seed");
                Number(w, "measured", c.Measured);
                w.WriteNull("n");
                w.WriteNull("interval");
                w.WriteString("threshold", c.Expected);
                w.WriteString("verdict", c.Passes ? "passes" : "fails");
                w.WriteBoolean("holds", c.Passes);
                w.WriteString("detail", c.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double x)
    {
        w.WritePropertyName(name);
        NumberValue(w, x);
    }

    private static void NumberValue(Utf8JsonWriter w, double x)
    {
        if (double.IsFinite(x))
            w.WriteNumberValue(x);
        else
            w.WriteNullValue();
    }
}
