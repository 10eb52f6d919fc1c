using System.Text;
using System.Text.RegularExpressions;
using Tdlab.Lab.Claims;
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

        h.AppendLine("<h2>Claims</h2>").AppendLine(ClaimsTable(r.Claims));

        if (r.Analysis.Figures.Count > 0 || r.Analysis.Notes.Count > 0)
        {
            h.AppendLine("<h2>Figures</h2>");
            foreach (Figure f in r.Analysis.Figures)
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

    /// <summary>The claims table: statement, measured, threshold, holds / DOES NOT HOLD, detail.</summary>
    public static string ClaimsTable(IReadOnlyList<Claim> claims)
    {
        var h = new StringBuilder("<table class=\"claims\"><tr><th>claim</th><th>measured</th><th>threshold</th><th>result</th><th>detail</th></tr>\n");
        foreach (Claim c in claims)
            h.AppendLine($"<tr><td>{E(c.Statement)}<br><code>{E(c.Id)}</code></td><td class=\"num\">{Claim.Format(c.Measured)}</td>" +
                         $"<td>{E(c.Threshold)}</td><td class=\"{(c.Holds ? "holds" : "fails")}\">{(c.Holds ? "holds" : "DOES NOT HOLD")}</td>" +
                         $"<td>{E(c.Detail)}</td></tr>");
        if (claims.Count == 0)
            h.AppendLine("<tr><td colspan=\"5\">(this experiment states no claims)</td></tr>");
        return h.Append("</table>").ToString();
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();
}
