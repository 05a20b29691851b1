using System.Globalization;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Reports;

/// <summary>
/// The paper's Table 13: iterations each run needs to reach 90% of IOT's final mean return, means per architecture, and
/// paired t-tests of ITT against the others.
/// </summary>
public static class IterationsToIotTable
{
    /// <summary>The fraction of IOT's final mean return used as the threshold.</summary>
    public const double Fraction = 0.9;

    /// <summary>Iterations a run needs to reach <paramref name="threshold"/>: the first such iteration, or the run's
    /// whole budget when it never does (censored, as the paper's 2000.00 for IOT on MountainCar).</summary>
    public static (int Iterations, bool Reached) IterationsToReach(RunRecord run, double threshold)
        => run.FirstReaching(threshold) is { } row ? (row.Iteration, true) : (run.Result.Iterations, false);

    /// <summary>Builds the table (empty when IOT was not run).</summary>
    public static ReportTable Build(ComparisonData data)
    {
        const string reference = FinalReturnTTestTable.Reference;
        var others = data.Architectures.Where(a => a != reference).ToArray();
        var headers = new List<string> { "environment", "reward threshold" };
        headers.AddRange(data.Architectures.Select(a => a + " # iter"));
        if (data.Architectures.Contains(reference)) headers.AddRange(others.Select(o => $"itt & {o} p-value"));
        var rows = new List<IReadOnlyList<Cell>>();
        if (data.Architectures.Contains("iot"))
            foreach (var env in data.Environments)
            {
                var iot = data.Of(env, "iot");
                if (iot.Count == 0) continue;
                double threshold = Fraction * iot.Average(r => r.Result.FinalMean);
                var row = new List<Cell> { env, new(ReportFormat.Return(threshold), ReportFormat.Raw(threshold)) };
                var perArch = data.Architectures.ToDictionary(a => a, a => data.Of(env, a).ToDictionary(r => r.Result.Seed, r => IterationsToReach(r, threshold)));
                foreach (var arch in data.Architectures)
                {
                    var runs = perArch[arch].Values.ToArray();
                    if (runs.Length == 0) { row.Add(new Cell("–", "")); continue; }
                    double mean = runs.Average(r => r.Iterations);
                    row.Add(new Cell($"{mean.ToString("0.00", CultureInfo.InvariantCulture)} ({runs.Count(r => r.Reached)}/{runs.Length})", ReportFormat.Raw(mean)));
                }
                if (data.Architectures.Contains(reference))
                    foreach (var other in others)
                    {
                        var seeds = perArch[reference].Keys.Where(perArch[other].ContainsKey).Order().ToArray();
                        var test = PairedTTest.Run(seeds.Select(s => (double)perArch[reference][s].Iterations).ToArray(),
                            seeds.Select(s => (double)perArch[other][s].Iterations).ToArray());
                        row.Add(FinalReturnTTestTable.PValueCell(test));
                    }
                rows.Add(row);
            }
        return new ReportTable("table13-iterations-to-iot", "Table 13 · iterations to reach 90% of IOT's final mean return",
            "Threshold: 0.9 × IOT's mean final return on the environment (as the paper; for a negative return this lies above IOT's mean, e.g. −180 for −200). " +
            "A run reaches it at the first iteration whose `eval_return` (return of the unperturbed θ, averaged over the run's evaluation episodes) is at least the threshold; " +
            "a run that never does counts its whole budget (censored, as the paper's 2000.00 for IOT on MountainCar). " +
            "In brackets: seeds that reached it / seeds. Two-sided paired t-test of the iteration counts by seed; p < 0.05 underlined.",
            headers, rows);
    }
}
