using Itt.Experiments.Statistics;

namespace Itt.Experiments.Reports;

/// <summary>The paper's Table 1: final return, mean ± std over seeds, per environment and architecture.</summary>
public static class FinalReturnTable
{
    /// <summary>Builds the table.</summary>
    public static ReportTable Build(ComparisonData data)
    {
        var headers = new List<string> { "environment" };
        headers.AddRange(data.Architectures);
        headers.AddRange(["seeds", "budget"]);
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var env in data.Environments)
        {
            var finals = data.Architectures.Select(a => data.Of(env, a).Select(r => r.Result.FinalMean).ToArray()).ToArray();
            var stats = finals.Select(Summary.MeanStd).ToArray();
            var styles = ReportFormat.RankBestSecond(stats.Select(s => s.Mean).ToArray());
            var row = new List<Cell> { env };
            for (int i = 0; i < stats.Length; i++)
                row.Add(double.IsNaN(stats[i].Mean) ? new Cell("–", "")
                    : new Cell(ReportFormat.MeanStd(stats[i].Mean, stats[i].Std, finals[i].Length),
                        $"{ReportFormat.Raw(stats[i].Mean)} ± {ReportFormat.Raw(stats[i].Std)}", styles[i]));
            row.Add(string.Join("/", data.Architectures.Select(a => data.Of(env, a).Count)));
            row.Add(string.Join("; ", data.BudgetsOf(env)));
            rows.Add(row);
        }
        return new ReportTable("table1-final-returns", "Table 1 · final return (mean ± std over seeds)",
            "Final return of a run: mean return of its final θ over its evaluation episodes (10 by default, seeded apart from training). " +
            "Mean ± population std (divisor n) over seeds (the mean alone over one seed). Best in bold, second underlined (compared at the two decimals shown). " +
            "`seeds` gives the run count per architecture; `budget` is `preset` for the paper's iteration budget, otherwise the cheaper pass the runs were cut to.",
            headers, rows);
    }
}
