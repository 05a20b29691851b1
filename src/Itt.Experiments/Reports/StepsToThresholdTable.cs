using System.Globalization;

namespace Itt.Experiments.Reports;

/// <summary>The paper's Tables 3 and 9: environment steps needed to reach a reward threshold, mean over seeds.</summary>
public static class StepsToThresholdTable
{
    /// <summary>
    /// Builds the table. <paramref name="thresholds"/> overrides the registry's reward threshold per environment;
    /// environments with neither are listed with no threshold.
    /// </summary>
    public static ReportTable Build(ComparisonData data, IReadOnlyDictionary<string, double>? thresholds = null)
    {
        var headers = new List<string> { "environment", "reward threshold" };
        headers.AddRange(data.Architectures);
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var env in data.Environments)
        {
            double? threshold = thresholds is not null && thresholds.TryGetValue(env, out var t) ? t : ComparisonData.RegistryThreshold(env);
            var row = new List<Cell> { env, threshold is double th ? new Cell(ReportFormat.Return(th), ReportFormat.Raw(th)) : new Cell("none", "") };
            foreach (var arch in data.Architectures)
            {
                var runs = data.Of(env, arch);
                if (runs.Count == 0 || threshold is null) { row.Add(new Cell("–", "")); continue; }
                var steps = runs.Select(r => r.FirstReaching(threshold.Value)?.EnvironmentSteps).Where(s => s is not null).Select(s => (double)s!.Value).ToArray();
                string reached = $"({steps.Length}/{runs.Count})";
                row.Add(steps.Length == 0
                    ? new Cell($"not reached {reached}", "not reached")
                    : new Cell($"{ReportFormat.Steps(steps.Average())} {reached}", steps.Average().ToString("R", CultureInfo.InvariantCulture)));
            }
            rows.Add(row);
        }
        return new ReportTable("table3-steps-to-threshold", "Tables 3 and 9 · environment steps to reach the reward threshold",
            "Environment steps (all perturbed rollouts of every iteration, cumulative) up to the end of the first iteration whose `eval_return` " +
            "(return of the unperturbed θ) is at least the threshold: Gymnasium's registry threshold unless `--threshold` gives one. " +
            "Mean over the seeds that reached it; in brackets, seeds that reached it / seeds. `not reached`: no seed did within its budget.",
            headers, rows);
    }
}
