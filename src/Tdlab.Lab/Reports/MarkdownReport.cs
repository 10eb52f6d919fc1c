using System.Text;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Store;

namespace Tdlab.Lab.Reports;

/// <summary>Renders an <see cref="ExperimentReport"/> as Markdown (figures linked as the .svg files beside it).</summary>
public static class MarkdownReport
{
    public static string Render(ExperimentReport r)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {r.Title}").AppendLine();
        md.AppendLine($"`{r.Name}` · seed reference: {r.SeedReference} · **{r.ClaimsSummary}**").AppendLine();

        if (!r.Analysis.Valid)
            md.AppendLine("> **REPORT INVALID:** a sanity check fails (see Sanity checks); the verdicts rest on measurements that are not trustworthy.").AppendLine();
        md.AppendLine("## Claims").AppendLine();
        md.AppendLine("Each claim is decided on the 95% interval of its statistic over replicates: **holds** when the interval lies " +
                      "entirely on the claimed side of the threshold, **does not hold** when entirely on the other side, **inconclusive** " +
                      $"otherwise or with fewer than {VerdictRule.MinimumReplicates} replicates.").AppendLine();
        md.AppendLine("| verdict | claim | statistic (replicate unit) | estimate [95% interval] | n | rule | seed | detail |")
            .AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (Claim c in r.Claims)
            md.AppendLine($"| {Mark(c.Verdict)} | {Cell(c.Statement)} (`{c.Id}`) | {Cell(c.Spec.Statistic)} ({Cell(c.Spec.ReplicateUnit)}) | " +
                          $"{(c.Evidence is { } e ? e.Describe() : "not measured")} | {c.N} | " +
                          $"{Cell(c.Threshold)}{(c.Note.Length > 0 ? "; " + Cell(c.Note) : "")} | {Cell(c.Spec.Seed.ToString())} | {Cell(c.Detail)} |");
        if (r.Claims.Count == 0)
            md.AppendLine("| | (this experiment states no claims) | | | | | | |");
        md.AppendLine();

        md.AppendLine("## Sanity checks").AppendLine();
        md.AppendLine("Identities and implementation properties of the measurements; never counted as claims.").AppendLine();
        md.AppendLine("| | check | measured | expected | detail |").AppendLine("|---|---|---|---|---|");
        foreach (Check c in r.Checks)
            md.AppendLine($"| {(c.Passes ? "passes" : "**FAILS**")} | {Cell(c.Statement)} (`{c.Id}`) | {Claim.Format(c.Measured)} | {Cell(c.Expected)} | {Cell(c.Detail)} |");
        if (r.Checks.Count == 0)
            md.AppendLine("| | (no sanity checks) | | | |");
        md.AppendLine();

        md.AppendLine("## Deviations from the seed").AppendLine();
        foreach (Deviation d in r.Deviations)
            md.AppendLine($"- **{Cell(d.Heading)}** {Cell(d.Reason)}{(d.AfterResults ? $" *(decided {d.Decided}, after results were seen)*" : "")}");
        if (r.Deviations.Count == 0)
            md.AppendLine("None declared.");
        md.AppendLine();

        if (r.Analysis.Figures.Count > 0 || r.Analysis.Notes.Count > 0)
        {
            md.AppendLine("## Figures").AppendLine();
            foreach (ReportFigure f in r.Analysis.Figures)
                md.AppendLine($"![{Cell(f.Caption)}]({FileNames.Safe(f.FileName)})").AppendLine().AppendLine($"*{f.Caption}*").AppendLine();
            foreach (string note in r.Analysis.Notes)
                md.AppendLine($"> {note}").AppendLine();
        }

        md.AppendLine("## What was run").AppendLine();
        foreach ((string label, string value) in r.Facts())
            md.AppendLine($"- **{label}:** {Markdown.Escape(value)}");
        md.AppendLine().AppendLine("| key | value |").AppendLine("|---|---|");
        foreach ((string key, string value) in r.ConfigRows())
            md.AppendLine($"| {Markdown.Code(key)} | {Markdown.Code(value)} |");
        md.AppendLine();

        md.AppendLine("## Metrics").AppendLine().AppendLine("| metric | unit | meaning |").AppendLine("|---|---|---|");
        foreach (Metric m in r.Metrics.Scalars.OrderBy(m => m.Name))
            md.AppendLine($"| `{m.Name}` | {Cell(m.Unit)} | {Cell(m.Meaning)} |");
        foreach (IndexedMetric m in r.Metrics.Indexed)
            md.AppendLine($"| `{m}` | {Cell(m.Unit)} | {Cell(m.Meaning)} ({Cell(m.Index)}) |");
        md.AppendLine();

        List<RunRecord> problems = r.Problems.ToList();
        if (problems.Count > 0)
        {
            md.AppendLine("## Runs that did not complete").AppendLine();
            md.AppendLine("| run | replicate | status | step | message | config |").AppendLine("|---|---|---|---|---|---|");
            foreach (RunRecord p in problems)
                md.AppendLine($"| `{p.Id}` | {p.Replicate} | {RunStore.StatusText(p.Status)} | {p.DivergedStep} | " +
                              $"{Markdown.Escape(p.Message ?? "")} | {Markdown.Code(p.ConfigJson)} |");
            md.AppendLine();
        }

        return md.ToString();
    }

    private static string Mark(Verdict v) => v switch
    {
        Verdict.Holds => "✓ holds",
        Verdict.DoesNotHold => "✗ **does not hold**",
        _ => "? inconclusive",
    };

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
