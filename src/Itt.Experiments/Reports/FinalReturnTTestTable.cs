using Itt.Experiments.Statistics;

namespace Itt.Experiments.Reports;

/// <summary>The paper's Table 12: paired t-tests of final returns, ITT against every other architecture, pairing by seed.</summary>
public static class FinalReturnTTestTable
{
    /// <summary>The architecture every other one is tested against.</summary>
    public const string Reference = "itt";

    /// <summary>Builds the table (empty when ITT or no other architecture was run).</summary>
    public static ReportTable Build(ComparisonData data)
    {
        var others = data.Architectures.Where(a => a != Reference).ToArray();
        var headers = new List<string> { "environment" };
        headers.AddRange(others.Select(o => $"itt & {o} p-value"));
        headers.AddRange(data.Architectures.Select(a => a + " return"));
        var rows = new List<IReadOnlyList<Cell>>();
        if (data.Architectures.Contains(Reference))
            foreach (var env in data.Environments)
            {
                var row = new List<Cell> { env };
                foreach (var other in others)
                {
                    var (a, b) = data.PairedFinals(env, Reference, other);
                    row.Add(PValueCell(PairedTTest.Run(a, b)));
                }
                var means = data.Architectures.Select(arch => data.Of(env, arch).Select(r => r.Result.FinalMean).DefaultIfEmpty(double.NaN).Average()).ToArray();
                var styles = ReportFormat.RankBestSecond(means, secondToo: false);
                row.AddRange(means.Select((m, i) => new Cell(ReportFormat.Return(m), ReportFormat.Raw(m), styles[i])));
                rows.Add(row);
            }
        return new ReportTable("table12-final-return-t-tests", "Table 12 · paired t-tests of final returns",
            "Two-sided paired t-test of the final returns of ITT and each other architecture, pairs formed by seed (seeds run by both), " +
            "n − 1 degrees of freedom, p from MathNet's Student-t CDF. Three significant figures; p < 0.05 underlined. " +
            "N/A: fewer than two pairs, or every difference equal to zero (e.g. all runs at 500 on CartPole). Best mean return in bold.",
            headers, rows);
    }

    /// <summary>A p-value cell, underlined below 0.05.</summary>
    public static Cell PValueCell(PairedTTestResult test)
        => new(ReportFormat.PValue(test.PValue), ReportFormat.Raw(test.PValue), test.PValue < 0.05 ? Emphasis.Underline : Emphasis.None);
}
