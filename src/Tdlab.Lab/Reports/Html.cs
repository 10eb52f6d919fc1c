using System.Net;

namespace Tdlab.Lab.Reports;

/// <summary>Shared pieces of the HTML pages: escaping, the page frame and its stylesheet.</summary>
internal static class Html
{
    public static string E(string s) => WebUtility.HtmlEncode(s);

    public static string Page(string title, string body) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{E(title)}</title>
        <style>{Css}</style>
        </head>
        <body>
        {body}
        </body>
        </html>
        """;

    private const string Css = """
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2433; max-width: 1100px;
               margin: 2rem auto; padding: 0 1.5rem; }
        h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
             border-bottom: 1px solid #dde1e8; padding-bottom: .2rem; }
        .sub { color: #5b6475; } code { font: 13px ui-monospace, monospace; background: #f3f5f8; padding: 0 .25rem; }
        table { border-collapse: collapse; margin: .6rem 0; font-size: 14px; }
        th, td { border-bottom: 1px solid #e6e9ef; padding: .3rem .6rem; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
        .holds { color: #116329; font-weight: 600; } .fails { color: #b3261e; font-weight: 700; }
        .inconclusive { color: #8a5a00; font-weight: 600; }
        dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; } dt { font-weight: 600; }
        figure { margin: 1.2rem 0; } figure svg { max-width: 100%; height: auto; }
        figcaption { color: #5b6475; font-size: 14px; } .note { background: #fff8e1; padding: .4rem .8rem; }
        a { color: #0b57d0; }
        """;
}
