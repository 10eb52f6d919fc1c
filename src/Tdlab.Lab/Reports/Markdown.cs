using System.Text;

namespace Tdlab.Lab.Reports;

/// <summary>
/// Escaping for user strings (data paths, run error messages, config values) in Markdown table cells, the
/// counterpart of the HTML report's encoding: the text shows as written and cannot become a link, an image,
/// emphasis, raw HTML or a new table column.
/// </summary>
public static class Markdown
{
    /// <summary>
    /// Plain text inside a line: the characters that start inline markup (emphasis, code, links, images, raw
    /// HTML, entities, strikethrough) or a table column are backslash-escaped (CommonMark 2.4 allows it for any
    /// ASCII punctuation); newlines become spaces, so nothing can start a block.
    /// </summary>
    public static string Escape(string s)
    {
        var sb = new StringBuilder(s.Length + 8);
        foreach (char c in OneLine(s))
        {
            if (c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '!' or '|' or '~' or '&')
                sb.Append('\\');
            sb.Append(c);
        }

        return sb.ToString();
    }

    /// <summary>
    /// A code span holding s literally: fenced by one backtick more than the longest run inside it (padded
    /// with spaces when it holds one), with '|' escaped (GFM removes that escape inside table cells, code spans included).
    /// </summary>
    public static string Code(string s)
    {
        string text = OneLine(s).Replace("|", "\\|");
        int longest = 0, run = 0;
        foreach (char c in text)
            longest = Math.Max(longest, run = c == '`' ? run + 1 : 0);
        string fence = new('`', longest + 1);
        // Spaces keep a backtick at either end of the text apart from the fence; CommonMark strips one each side.
        return longest == 0 ? $"`{text}`" : $"{fence} {text} {fence}";
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ");
}
