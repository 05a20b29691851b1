using Itt.Experiments.Statistics;

namespace Itt.Experiments.Reports;

/// <summary>The paper's Table 2: training wall-clock per architecture.</summary>
public static class WallClockTable
{
    /// <summary>Builds the table.</summary>
    public static ReportTable Build(ComparisonData data)
    {
        var headers = new List<string> { "environment" };
        headers.AddRange(data.Architectures.Select(a => a + " (s)"));
        headers.Add("# iter");
        headers.Add("machines");
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var env in data.Environments)
        {
            var row = new List<Cell> { env };
            foreach (var arch in data.Architectures)
            {
                var seconds = data.Of(env, arch).Select(r => r.Result.WallClockSeconds).ToArray();
                var (mean, std) = Summary.MeanStd(seconds);
                row.Add(double.IsNaN(mean) ? new Cell("–", "") : new Cell(ReportFormat.MeanStd(mean, std, seconds.Length), ReportFormat.Raw(mean)));
            }
            var iterations = data.Runs.Where(r => r.Result.Environment == env).Select(r => r.Result.Iterations).Distinct().Order().ToArray();
            row.Add(string.Join("–", iterations.Length > 1 ? [iterations[0], iterations[^1]] : iterations));
            row.Add(RunRecord.MachineCount(data.Runs.Where(r => r.Result.Environment == env)));
            rows.Add(row);
        }
        return new ReportTable("table2-wall-clock", "Table 2 · training wall-clock per run (seconds)",
            "Seconds inside the ES iterations of a run (rollouts, gradient, update; checkpoint and metrics writes and the final evaluation excluded), " +
            "mean ± population std over seeds (the mean alone over one seed), runs executed one at a time. " +
            "The paper reports hours on 24 CPUs; these are seconds on the machines the runs were trained on, which may be shared, so timings are noisy. " +
            "`# iter`: iterations the runs completed (a range when runs stopped at a wall-clock budget). " +
            "`machines`: how many machines trained the row's runs (each run folder's machines.csv names them: processor, family and model, cores, " +
            "vector instructions); with more than one, the row's times compare only as far as those machines' speeds do; " +
            "`unrecorded`: iterations trained before run folders recorded their machine.",
            headers, rows);
    }
}
