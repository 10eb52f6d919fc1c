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
            return Ok;
        });
        return command;
    }

    private Command ClaimsCommand()
    {
        Option<string> outDir = OutOption();
        var json = new Option<bool>("--json") { Description = "one JSON array of claim objects" };
        var command = new Command("claims", "the claims table, computed from the store") { outDir, json };
        command.SetAction(p =>
        {
            RunStore store = RunStore.OpenReadOnly(p.GetValue(outDir)!);
            List<Claim> claims = ReportBuilder.BuildAll(store, Experiments).SelectMany(r => r.Claims).ToList();
            if (p.GetValue(json))
                output.WriteLine(ClaimsJson(claims));
            else
                foreach (Claim c in claims)
                    output.WriteLine($"{(c.Holds ? "holds        " : "DOES NOT HOLD")}  {c.Experiment}/{c.Id}: {c.Statement} " +
                                     $"(measured {Claim.Format(c.Measured)}, threshold {c.Threshold}){(c.Detail.Length > 0 ? "; " + c.Detail : "")}");
            return Ok;
        });
        return command;
    }

    /// <summary>
    /// <c>[{"experiment", "id", "statement", "measured", "threshold", "holds", "detail"}, ...]</c>;
    /// a measured value that is not finite is written as null.
    /// </summary>
    public static string ClaimsJson(IEnumerable<Claim> claims)
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
                w.WriteString("statement", c.Statement);
                if (double.IsFinite(c.Measured))
                    w.WriteNumber("measured", c.Measured);
                else
                    w.WriteNull("measured");
                w.WriteString("threshold", c.Threshold);
                w.WriteBoolean("holds", c.Holds);
                w.WriteString("detail", c.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
