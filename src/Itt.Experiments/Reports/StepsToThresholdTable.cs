using System.Globalization;
using Itt.Training;

namespace Itt.Experiments.Reports;

/// <summary>
/// The paper's Tables 3 and 9: environment steps needed to reach a reward threshold, mean over seeds, read three ways
/// side by side: when the evaluation of the unperturbed θ first reaches it, when the mean of an iteration's perturbed
/// rollouts first does, and when its best perturbed rollout first does.
/// </summary>
public static class StepsToThresholdTable
{
    /// <summary>The thresholds of the paper's Table 3 (set by Salimans et al. 2017 and Schulman et al. 2015), by our ids.</summary>
    public static readonly IReadOnlyDictionary<string, double> PaperThresholds = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["Swimmer-v4"] = 128.25,
        ["Hopper-v4"] = 877.45,
        ["Walker2d-v4"] = 957.68,
    };

    /// <summary>The readings of "reached the threshold at iteration t", in column order.</summary>
    private static readonly (string Name, Func<IterationMetrics, double> Value)[] Readings =
    [
        ("θ", RunRecord.CurveValue),
        ("mean rollout", m => m.MeanReturn),
        ("best rollout", m => m.MaxReturn),
    ];

    /// <summary>The names of the readings, in column order: a column is headed "arch (name)".</summary>
    public static IReadOnlyList<string> ReadingNames { get; } = Readings.Select(r => r.Name).ToArray();

    /// <summary>
    /// The threshold of <paramref name="environment"/> and where it comes from: <paramref name="overrides"/> (from
    /// <c>--threshold</c>), else the paper's Table 3, else Gymnasium's registry threshold, else none.
    /// </summary>
    public static (double? Value, string Source) ThresholdOf(string environment, IReadOnlyDictionary<string, double>? overrides = null)
    {
        if (overrides is not null && overrides.TryGetValue(environment, out var given)) return (given, "--threshold");
        if (PaperThresholds.TryGetValue(environment, out var paper)) return (paper, "paper, Table 3");
        return ComparisonData.RegistryThreshold(environment) is double gym ? (gym, "Gymnasium") : (null, "none");
    }

    /// <summary>Builds the table; <paramref name="thresholds"/> overrides the default threshold per environment.</summary>
    public static ReportTable Build(ComparisonData data, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        var headers = new List<string> { "environment", "reward threshold", "source" };
        foreach (var arch in data.Architectures)
            headers.AddRange(Readings.Select(r => $"{arch} ({r.Name})"));
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var env in data.Environments)
        {
            var (threshold, source) = ThresholdOf(env, thresholds);
            var row = new List<Cell> { env, threshold is double th ? new Cell(ReportFormat.Return(th), ReportFormat.Raw(th)) : new Cell("none", ""), source };
            foreach (var arch in data.Architectures)
                foreach (var (_, value) in Readings)
                    row.Add(threshold is double t ? StepsCell(data.Of(env, arch), t, value) : new Cell("–", ""));
            rows.Add(row);
        }
        return new ReportTable("table3-steps-to-threshold", "Tables 3 and 9 · environment steps to reach the reward threshold",
            "Environment steps of all rollouts (perturbed ones and the evaluation episodes of θ, cumulative) up to the end of the first " +
            "iteration that reaches the threshold, read three ways: **θ**, the first iteration whose `eval_return` (the unperturbed θ, " +
            "averaged over the run's evaluation episodes: see each run's `config.json`, `evaluationEpisodes`) is at least the threshold; " +
            "**mean rollout**, the first iteration whose perturbed rollouts' mean return (`mean_return`) is; **best rollout**, the first " +
            "iteration whose best perturbed rollout (`max_return`) is. Thresholds: the paper's Table 3 where it " +
            "gives one (Swimmer 128.25, Hopper 877.45, Walker2d 957.68), else Gymnasium's, or `--threshold`. Mean over the seeds that " +
            "reached it; in brackets, seeds that reached it / seeds. `not reached`: no seed did within its budget. The paper does not say " +
            "how it read its counts. Its ES column comes from Salimans et al. (2017), whose released ES code logs every iteration's mean " +
            "perturbed return (`EpRewMean`) and, from a few workers, evaluations of θ, not the best rollout: θ and the mean rollout " +
            "are the readings such a log allows, and the best rollout, which usually crosses first, is the optimistic bound. No one " +
            "reading matches the paper on every task (docs/results.md compares them).",
            headers, rows);
    }

    private static Cell StepsCell(IReadOnlyList<RunRecord> runs, double threshold, Func<IterationMetrics, double> value)
    {
        if (runs.Count == 0) return new Cell("–", "");
        var steps = runs.Select(r => r.Metrics.FirstOrDefault(m => value(m) >= threshold)?.EnvironmentSteps)
            .Where(s => s is not null).Select(s => (double)s!.Value).ToArray();
        string reached = $"({steps.Length}/{runs.Count})";
        return steps.Length == 0
            ? new Cell($"not reached {reached}", "not reached")
            : new Cell($"{ReportFormat.Steps(steps.Average())} {reached}", steps.Average().ToString("R", CultureInfo.InvariantCulture));
    }
}
