using System.Text;

namespace Itt.Experiments.Reports;

/// <summary>How a cell is highlighted in Markdown (the paper: best in bold, second underlined).</summary>
public enum Emphasis
{
    /// <summary>Plain.</summary>
    None,
    /// <summary>Bold: best, as in the paper.</summary>
    Bold,
    /// <summary>Underlined: second best, or a significant p-value.</summary>
    Underline,
}

/// <summary>A table cell: text for Markdown (with emphasis) and a plain value for CSV.</summary>
/// <param name="Text">Displayed text.</param>
/// <param name="Raw">CSV value (full precision); null: <paramref name="Text"/>.</param>
/// <param name="Style">Markdown emphasis.</param>
public sealed record Cell(string Text, string? Raw = null, Emphasis Style = Emphasis.None)
{
    /// <summary>A plain text cell.</summary>
    public static implicit operator Cell(string text) => new(text);

    /// <summary>The cell as Markdown.</summary>
    public string ToMarkdown() => Style switch
    {
        Emphasis.Bold => $"**{Text}**",
        Emphasis.Underline => $"<u>{Text}</u>",
        _ => Text,
    };
}

/// <summary>A titled table that renders as Markdown (for reading) and CSV (for scripts).</summary>
/// <param name="Id">File stem, e.g. <c>table1-final-returns</c>.</param>
/// <param name="Title">Heading.</param>
/// <param name="Notes">Paragraph under the table: definitions, what was cut.</param>
/// <param name="Headers">Column headings.</param>
/// <param name="Rows">Rows of cells, one per heading.</param>
public sealed record ReportTable(string Id, string Title, string Notes, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<Cell>> Rows)
{
    /// <summary>Heading, table and notes in Markdown.</summary>
    public string ToMarkdown()
    {
        var sb = new StringBuilder();
        sb.Append("### ").Append(Title).Append("\n\n");
        sb.Append("| ").Append(string.Join(" | ", Headers)).Append(" |\n");
        sb.Append('|').Append(string.Concat(Headers.Select(_ => "---|"))).Append('\n');
        foreach (var row in Rows) sb.Append("| ").Append(string.Join(" | ", row.Select(c => c.ToMarkdown().Replace("|", "\\|")))).Append(" |\n");
        if (Notes.Length > 0) sb.Append('\n').Append(Notes).Append('\n');
        return sb.ToString();
    }

    /// <summary>The table as CSV (RFC 4180 quoting), raw values where cells have them.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(',', Headers.Select(Quote))).Append('\n');
        foreach (var row in Rows) sb.Append(string.Join(',', row.Select(c => Quote(c.Raw ?? c.Text)))).Append('\n');
        return sb.ToString();
    }

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
