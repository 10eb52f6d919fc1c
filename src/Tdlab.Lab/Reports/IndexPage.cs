using System.Text;
using Tdlab.Lab.Claims;
using static Tdlab.Lab.Reports.Html;

namespace Tdlab.Lab.Reports;

/// <summary>
/// Renders <c>index.html</c>: every experiment in the store, linked to its report, with its claims summary, in the
/// order of the reports given (the registry's, the seed plan's order), then any unregistered ones.
/// </summary>
public static class IndexPage
{
    public static string Render(IReadOnlyList<string> experiments, IReadOnlyList<ExperimentReport> reports)
    {
        var h = new StringBuilder("<h1>tdlab experiments</h1>\n<table><tr><th>experiment</th><th>title</th><th>runs</th><th>claims</th></tr>\n");
        var ordered = reports.Select(r => r.Name).Where(experiments.Contains).Concat(experiments.Except(reports.Select(r => r.Name)));
        foreach (string name in ordered)
        {
            ExperimentReport? r = reports.FirstOrDefault(x => x.Name == name);
            if (r is null)
            {
                h.AppendLine($"<tr><td><code>{E(name)}</code></td><td colspan=\"3\">in the store, but not a registered experiment: no report</td></tr>");
                continue;
            }

            var a = r.Analysis;
            h.AppendLine($"<tr><td><a href=\"{E(name)}/report.html\"><code>{E(name)}</code></a></td><td>{E(r.Title)}</td>" +
                         $"<td>{E(r.StatusLine)}</td><td><span class=\"holds\">{a.Count(Verdict.Holds)} hold</span>, " +
                         $"<span class=\"fails\">{a.Count(Verdict.DoesNotHold)} do not hold</span>, " +
                         $"<span class=\"inconclusive\">{a.Count(Verdict.Inconclusive)} inconclusive</span>" +
                         (a.Valid ? "" : "; <span class=\"fails\">INVALID (a sanity check fails)</span>") + "</td></tr>");
        }

        h.Append("</table>");
        return Page("tdlab experiments", h.ToString());
    }
}
