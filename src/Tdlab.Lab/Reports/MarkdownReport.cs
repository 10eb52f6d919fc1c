using System.Text;
using Tdlab.Lab.Claims;
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

        md.AppendLine("## Claims").AppendLine();
        md.AppendLine("| | claim | measured | threshold | result | detail |").AppendLine("|---|---|---|---|---|---|");
        foreach (Claim c in r.Claims)
            md.AppendLine($"| {(c.Holds ? "✓" : "✗")} | {Cell(c.Statement)} (`{c.Id}`) | {Claim.Format(c.Measured)} | " +
                          $"{Cell(c.Threshold)} | {(c.Holds ? "holds" : "**DOES NOT HOLD**")} | {Cell(c.Detail)} |");
        if (r.Claims.Count == 0)
            md.AppendLine("| | (this experiment states no claims) | | | | |");
        md.AppendLine();

        if (r.Analysis.Figures.Count > 0 || r.Analysis.Notes.Count > 0)
        {
            md.AppendLine("## Figures").AppendLine();
            foreach (Figure f in r.Analysis.Figures)
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

    private static string Cell(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
