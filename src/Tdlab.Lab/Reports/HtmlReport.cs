using System.Text;
using System.Text.RegularExpressions;
using Tdlab.Lab.Claims;
using Tdlab.Lab.Metrics;
using Tdlab.Lab.Store;
using static Tdlab.Lab.Reports.Html;

namespace Tdlab.Lab.Reports;

/// <summary>Renders an <see cref="ExperimentReport"/> as one self-contained HTML page with the SVG figures inline.</summary>
public static partial class HtmlReport
{
    public static string Render(ExperimentReport r)
    {
        var h = new StringBuilder();
        h.AppendLine($"<p><a href=\"../index.html\">← all experiments</a></p>");
        h.AppendLine($"<h1>{E(r.Title)}</h1>");
        h.AppendLine($"<p class=\"sub\"><code>{E(r.Name)}</code> · seed reference: {E(r.SeedReference)} · <b>{E(r.ClaimsSummary)}</b></p>");

        if (!r.Analysis.Valid)
            h.AppendLine("<p class=\"fails\">REPORT INVALID: a sanity check fails (see Sanity checks); the verdicts below rest on measurements that are not trustworthy.</p>");
        h.AppendLine("<h2>Claims</h2>").AppendLine(ClaimsTable(r.Claims));
        h.AppendLine("<h2>Sanity checks</h2><p class=\"sub\">Identities and implementation properties of the measurements; never counted as claims.</p>")
            .AppendLine(ChecksTable(r.Checks));
        h.AppendLine("<h2>Deviations from the seed</h2>").AppendLine(DeviationsList(r.Deviations));

        if (r.Analysis.Figures.Count > 0 || r.Analysis.Notes.Count > 0)
        {
            h.AppendLine("<h2>Figures</h2>");
            foreach (ReportFigure f in r.Analysis.Figures)
                h.AppendLine($"<figure>{XmlDeclaration().Replace(f.Svg, "")}<figcaption>{E(f.Caption)} " +
                             $"(<a href=\"{E(FileNames.Safe(f.FileName))}\">svg</a>)</figcaption></figure>");
            foreach (string note in r.Analysis.Notes)
                h.AppendLine($"<p class=\"note\">{E(note)}</p>");
        }

        h.AppendLine("<h2>What was run</h2><dl>");
        foreach ((string label, string value) in r.Facts())
            h.AppendLine($"<dt>{E(label)}</dt><dd>{E(value)}</dd>");
        h.AppendLine("</dl><table><tr><th>key</th><th>value</th></tr>");
        foreach ((string key, string value) in r.ConfigRows())
            h.AppendLine($"<tr><td><code>{E(key)}</code></td><td><code>{E(value)}</code></td></tr>");
        h.AppendLine("</table>");
        h.AppendLine("<h2>Metrics</h2>").AppendLine(MetricsTable(r.Metrics));

        List<RunRecord> problems = r.Problems.ToList();
        if (problems.Count > 0)
        {
            h.AppendLine("<h2>Runs that did not complete</h2><table><tr><th>run</th><th>replicate</th><th>status</th><th>step</th><th>message</th><th>config</th></tr>");
            foreach (RunRecord p in problems)
                h.AppendLine($"<tr><td><code>{p.Id}</code></td><td class=\"num\">{p.Replicate}</td><td>{RunStore.StatusText(p.Status)}</td>" +
                             $"<td class=\"num\">{p.DivergedStep}</td><td>{E(p.Message ?? "")}</td><td><code>{E(p.ConfigJson)}</code></td></tr>");
            h.AppendLine("</table>");
        }

        return Page(r.Title, h.ToString());
    }

    /// <summary>The claims table: statement with its seed sentence, estimate and 95% interval, n and unit, rule, verdict, detail.</summary>
    public static string ClaimsTable(IReadOnlyList<Claim> claims)
    {
        var h = new StringBuilder("<table class=\"claims\"><tr><th>claim</th><th>statistic (replicate unit)</th><th>estimate [95% interval]</th><th>n</th><th>rule</th><th>verdict</th><th>detail</th></tr>\n");
        foreach (Claim c in claims)
            h.AppendLine($"<tr><td>{E(c.Statement)}<br><code>{E(c.Id)}</code><br><span class=\"sub\">{E(c.Spec.Seed.ToString())}</span></td>" +
                         $"<td>{E(c.Spec.Statistic)} ({E(c.Spec.ReplicateUnit)})</td><td class=\"num\">{E(Evidence(c))}</td><td class=\"num\">{c.N}</td>" +
                         $"<td>{E(c.RuleText)}</td><td class=\"{VerdictClass(c.Verdict)}\">{E(c.VerdictText)}</td><td>{E(c.Detail)}</td></tr>");
        if (claims.Count == 0)
            h.AppendLine("<tr><td colspan=\"7\">(this experiment states no claims)</td></tr>");
        return h.Append("</table>").ToString();
    }

    /// <summary>The sanity-checks table.</summary>
    public static string ChecksTable(IReadOnlyList<Check> checks)
    {
        var h = new StringBuilder("<table class=\"checks\"><tr><th>check</th><th>measured</th><th>expected</th><th>result</th><th>detail</th></tr>\n");
        foreach (Check c in checks)
            h.AppendLine($"<tr><td>{E(c.Statement)}<br><code>{E(c.Id)}</code></td><td class=\"num\">{Claim.Format(c.Measured)}</td>" +
                         $"<td>{E(c.Expected)}</td><td class=\"{(c.Passes ? "holds" : "fails")}\">{c.Verdict}</td><td>{E(c.Detail)}</td></tr>");
        if (checks.Count == 0)
            h.AppendLine("<tr><td colspan=\"5\">(no sanity checks)</td></tr>");
        return h.Append("</table>").ToString();
    }

    private static string DeviationsList(IReadOnlyList<Deviation> deviations) =>
        deviations.Count == 0
            ? "<p>None declared.</p>"
            : "<ul>" + string.Concat(deviations.Select(d => $"<li><b>{E(d.Heading)}</b> {E(d.Reason)}" +
                (d.AfterResults ? $" <i>(decided {E(d.Decided!)}, after results were seen)</i>" : "") + "</li>")) + "</ul>";

    private static string MetricsTable(MetricSet metrics) =>
        "<table><tr><th>metric</th><th>unit</th><th>meaning</th></tr>" +
        string.Concat(metrics.Scalars.OrderBy(m => m.Name).Select(m => $"<tr><td><code>{E(m.Name)}</code></td><td>{E(m.Unit)}</td><td>{E(m.Meaning)}</td></tr>")) +
        string.Concat(metrics.Indexed.Select(m => $"<tr><td><code>{E(m.ToString())}</code></td><td>{E(m.Unit)}</td><td>{E(m.Meaning)} ({E(m.Index)})</td></tr>")) +
        "</table>";

    private static string Evidence(Claim c) =>
        c.Evidence is { } e ? e.Describe() : "not measured";

    private static string VerdictClass(Verdict v) => v switch
    {
        Verdict.Holds => "holds",
        Verdict.DoesNotHold => "fails",
        _ => "inconclusive",
    };

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();
}
