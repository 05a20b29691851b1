using Itt.Experiments.Plots;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Reports;

/// <summary>Figures 3 and 4 of the paper: per environment, the mean learning curve of each architecture over seeds with a 10th–90th percentile band.</summary>
public static class LearningCurveFigure
{
    /// <summary>A legend entry: the architecture and how many seeds its curve averages ("itt (1 seed)", "iot (3 seeds)").</summary>
    public static string Label(string architecture, int seeds) => $"{architecture} ({seeds} {(seeds == 1 ? "seed" : "seeds")})";

    /// <summary>The curve of one architecture: iteration, mean, 10th and 90th percentiles over seeds. Runs are cut to the
    /// shortest one so that every point averages the same seeds.</summary>
    public static CurveSeries Series(string label, IReadOnlyList<RunRecord> runs)
    {
        int length = runs.Count == 0 ? 0 : runs.Min(r => r.Metrics.Count);
        var x = new double[length];
        var mean = new double[length];
        var low = new double[length];
        var high = new double[length];
        for (int i = 0; i < length; i++)
        {
            var values = runs.Select(r => RunRecord.CurveValue(r.Metrics[i])).ToArray();
            x[i] = runs[0].Metrics[i].Iteration;
            mean[i] = values.Average();
            low[i] = Summary.Percentile(values, 10);
            high[i] = Summary.Percentile(values, 90);
        }
        return new CurveSeries(label, x, mean, low, high);
    }

    /// <summary>
    /// The runs of <paramref name="architecture"/> that go past <paramref name="from"/> iterations, each as its own curve
    /// from there to its end (no band): what a mean cut to the shortest run leaves out while some runs are being
    /// extended. The first curve carries the legend entry for all of them, e.g. <c>itt (seeds 1, 2)</c>; all take
    /// palette colour <paramref name="color"/>.
    /// </summary>
    public static IEnumerable<CurveSeries> RunsPast(string architecture, IEnumerable<RunRecord> runs, int from, int color)
    {
        var longer = runs.Where(r => r.Metrics.Count > from).OrderBy(r => r.Result.Seed).ToArray();
        string label = $"{architecture} (seed{(longer.Length == 1 ? "" : "s")} {string.Join(", ", longer.Select(r => r.Result.Seed))})";
        return longer.Select((r, i) =>
        {
            var rest = r.Metrics.Where(m => m.Iteration >= from).ToArray();
            return new CurveSeries(i == 0 ? label : "", rest.Select(m => (double)m.Iteration).ToArray(), rest.Select(RunRecord.CurveValue).ToArray(), Color: color);
        });
    }

    /// <summary>Writes one PNG per environment into <paramref name="folder"/> and returns the file names.</summary>
    public static IReadOnlyList<string> Save(ComparisonData data, string folder)
    {
        var files = new List<string>();
        foreach (var env in data.Environments)
        {
            var series = data.Architectures.Select(a => (a, runs: data.Of(env, a)))
                .Where(p => p.runs.Count > 0)
                .Select(p => Series(Label(p.a, p.runs.Count), p.runs)).ToArray();
            string file = $"curves-{env}.png";
            LearningCurvePlot.Save(Path.Combine(folder, file), $"{env}: return of θ, mean and 10th–90th percentile over seeds",
                "iteration", "return of θ (eval_return)", series);
            files.Add(file);
        }
        return files;
    }
}
