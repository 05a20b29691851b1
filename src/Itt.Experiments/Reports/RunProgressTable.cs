using System.Globalization;
using Itt.Training;

namespace Itt.Experiments.Reports;

/// <summary>
/// One row per run: how θ's return moved through the run (its mean over each fifth of the iterations), the best θ and the
/// best perturbed rollout it ever had, when θ first reached the task's threshold, and seconds per iteration. Where a run
/// ends at a cut short of the paper's budget, this is what tells a plateau from a run still climbing.
/// </summary>
public static class RunProgressTable
{
    /// <summary>How many consecutive blocks of iterations a run's θ returns are averaged over.</summary>
    public const int Blocks = 5;

    /// <summary>
    /// The mean learning-curve value (<see cref="RunRecord.CurveValue"/>) of each of <see cref="Blocks"/> consecutive blocks
    /// of a run's rows; block k holds rows ⌊k·n/5⌋ … ⌊(k+1)·n/5⌋ − 1, so block sizes differ by at most one. Empty blocks
    /// (fewer rows than blocks) are NaN.
    /// </summary>
    public static double[] BlockMeans(IReadOnlyList<IterationMetrics> rows)
    {
        var means = new double[Blocks];
        for (int k = 0; k < Blocks; k++)
        {
            int from = k * rows.Count / Blocks, to = (k + 1) * rows.Count / Blocks;
            means[k] = to > from ? Enumerable.Range(from, to - from).Average(i => RunRecord.CurveValue(rows[i])) : double.NaN;
        }
        return means;
    }

    /// <summary>Builds the table from every run of <paramref name="data"/>, by environment, architecture and seed.</summary>
    public static ReportTable Build(ComparisonData data)
    {
        string[] headers = ["environment", "architecture", "seed", "iterations", "θ, mean per fifth of the iterations",
            "best θ (iteration)", "best rollout (iteration)", "θ reaches threshold (iteration)", "final return", "s/it", "machines"];
        var rows = new List<IReadOnlyList<Cell>>();
        foreach (var env in data.Environments)
        {
            var (threshold, _) = StepsToThresholdTable.ThresholdOf(env);
            foreach (var arch in data.Architectures)
                foreach (var run in data.Of(env, arch))
                {
                    var metrics = run.Metrics;
                    var blocks = BlockMeans(metrics);
                    var bestTheta = metrics.MaxBy(RunRecord.CurveValue);
                    var bestRollout = metrics.MaxBy(m => m.MaxReturn);
                    rows.Add(
                    [
                        env, arch, ReportFormat.Count((long)run.Result.Seed), ReportFormat.Count(run.Result.Iterations),
                        new Cell(string.Join(" → ", blocks.Select(ReportFormat.Return)), string.Join(' ', blocks.Select(ReportFormat.Raw))),
                        bestTheta is null ? "–" : new Cell($"{ReportFormat.Return(RunRecord.CurveValue(bestTheta))} ({bestTheta.Iteration})", ReportFormat.Raw(RunRecord.CurveValue(bestTheta))),
                        bestRollout is null ? "–" : new Cell($"{ReportFormat.Return(bestRollout.MaxReturn)} ({bestRollout.Iteration})", ReportFormat.Raw(bestRollout.MaxReturn)),
                        threshold is double t
                            ? run.FirstReaching(t) is { } first ? ReportFormat.Count(first.Iteration) : "not reached"
                            : "–",
                        new Cell(ReportFormat.Return(run.Result.FinalMean), ReportFormat.Raw(run.Result.FinalMean)),
                        new Cell(run.Result.SecondsPerIteration.ToString("0.00", CultureInfo.InvariantCulture), ReportFormat.Raw(run.Result.SecondsPerIteration)),
                        RunRecord.MachineCount([run]),
                    ]);
                }
        }
        return new ReportTable("run-progress", "Progress of each run",
            "θ: the learning-curve value of an iteration (`eval_return`, the unperturbed θ averaged over the run's evaluation episodes), " +
            "averaged over each fifth of the run's iterations in order (e.g. iterations 1–200, …, 801–1,000 of a 1,000-iteration run). " +
            "Best θ and best rollout: the highest `eval_return` and `max_return` (best perturbed rollout) of any iteration. " +
            "Threshold: Table 3's (the paper's, else Gymnasium's); `–` where the task has none. Final return: the final θ over 10 evaluation " +
            "episodes seeded apart from training. s/it: seconds inside the ES iterations per iteration, on shared machines; machines: how many " +
            "trained the run (its machines.csv names them; `unrecorded`: iterations trained before run folders recorded them), since a run " +
            "resumed on a faster or slower machine has a pace of neither.",
            headers, rows);
    }
}
