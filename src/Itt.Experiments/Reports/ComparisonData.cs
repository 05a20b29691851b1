using Itt.Environments.Registry;
using Itt.Experiments.Comparison;
using Itt.Training;
using Itt.Training.Runs;

namespace Itt.Experiments.Reports;

/// <summary>One finished run: its result, its per-iteration metrics and the machines that trained it.</summary>
/// <param name="Result">The stored result.</param>
/// <param name="Metrics">Rows of <c>metrics.csv</c>.</param>
/// <param name="Machines">The machines that trained its iterations (<see cref="MachineSpan.Covering"/>; null for iterations
/// trained before runs recorded them); null where not known at all.</param>
public sealed record RunRecord(RunResult Result, IReadOnlyList<IterationMetrics> Metrics, IReadOnlyList<string?>? Machines = null)
{
    /// <summary>
    /// How many machines trained <paramref name="runs"/>, for a wall-clock table: "1", "2", … and "+ unrecorded" (or
    /// "unrecorded" alone) where some iterations were trained before runs recorded their machine. Timings of more than
    /// one machine compare only as far as the machines' speeds do.
    /// </summary>
    public static string MachineCount(IEnumerable<RunRecord> runs)
    {
        var machines = runs.SelectMany(r => r.Machines ?? [null]).Distinct().ToArray();
        int recorded = machines.Count(m => m is not null);
        bool unrecorded = machines.Contains(null);
        return recorded == 0 ? (unrecorded ? "unrecorded" : "–") : unrecorded ? $"{recorded} + unrecorded" : recorded.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The learning-curve value of a row: the return of the unperturbed θ (<c>eval_return</c>), which is what a
    /// deployed policy earns; the mean perturbed return (<c>mean_return</c>) where θ was not evaluated.
    /// </summary>
    public static double CurveValue(IterationMetrics m) => double.IsNaN(m.EvaluationReturn) ? m.MeanReturn : m.EvaluationReturn;

    /// <summary>The first row whose <see cref="CurveValue"/> reaches <paramref name="threshold"/>, or null.</summary>
    public IterationMetrics? FirstReaching(double threshold) => Metrics.FirstOrDefault(m => CurveValue(m) >= threshold);
}

/// <summary>Every finished run found in a comparison folder, grouped for the report tables.</summary>
public sealed class ComparisonData
{
    private ComparisonData(IReadOnlyList<RunRecord> runs)
    {
        Runs = runs;
        Environments = runs.Select(r => r.Result.Environment).Distinct().Order(StringComparer.Ordinal).ToArray();
        // Known architectures in their report order, then any other name found on disk.
        Architectures = runs.Select(r => r.Result.Architecture).Distinct()
            .OrderBy(a => ComparisonArchitecture.Find(a)?.Order ?? int.MaxValue).ThenBy(a => a, StringComparer.Ordinal).ToArray();
    }

    /// <summary>All finished runs.</summary>
    public IReadOnlyList<RunRecord> Runs { get; }

    /// <summary>Environment ids present, sorted.</summary>
    public IReadOnlyList<string> Environments { get; }

    /// <summary>Architecture names present, in report order.</summary>
    public IReadOnlyList<string> Architectures { get; }

    /// <summary>Runs of one environment and architecture, by seed.</summary>
    public IReadOnlyList<RunRecord> Of(string environment, string architecture)
        => Runs.Where(r => r.Result.Environment == environment && r.Result.Architecture == architecture).OrderBy(r => r.Result.Seed).ToArray();

    /// <summary>The distinct budget labels of an environment's runs (more than one means mixed passes).</summary>
    public IReadOnlyList<string> BudgetsOf(string environment)
        => Runs.Where(r => r.Result.Environment == environment).Select(r => r.Result.Budget).Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>The environment's reward threshold from the registry, or null.</summary>
    public static double? RegistryThreshold(string environment)
        => EnvironmentRegistry.TryGet(environment, out var spec) ? spec.RewardThreshold : null;

    /// <summary>Builds the data from runs already in memory.</summary>
    public static ComparisonData From(IEnumerable<RunRecord> runs) => new(runs.ToArray());

    /// <summary>Loads every run folder under <paramref name="runsFolder"/> that holds a result (unfinished ones are left out).</summary>
    public static ComparisonData Load(string runsFolder) => Load(runsFolder, dir => RunResult.Load(dir) is { } result ? [result] : []);

    /// <summary>
    /// Like <see cref="Load(string)"/>, and also each run's results at earlier budgets (<see cref="RunResult.LoadEarlier"/>):
    /// one record per run and budget, each with the metrics rows up to its own iteration.
    /// </summary>
    public static ComparisonData LoadEveryBudget(string runsFolder)
        => Load(runsFolder, dir => [.. RunResult.LoadEarlier(dir), .. RunResult.Load(dir) is { } result ? [result] : Array.Empty<RunResult>()]);

    private static ComparisonData Load(string runsFolder, Func<string, IReadOnlyList<RunResult>> resultsOf)
    {
        if (!Directory.Exists(runsFolder)) return new([]);
        var runs = new List<RunRecord>();
        foreach (var dir in Directory.GetDirectories(runsFolder).Order(StringComparer.Ordinal))
        {
            var results = resultsOf(dir);
            if (results.Count == 0) continue;
            foreach (var r in results)
            {
                string owner = ComparisonPlan.RunName(r.Environment, r.Architecture, r.Seed);
                if (owner != Path.GetFileName(dir)) throw new RunFolderException($"{dir}: holds the result of run {owner} (a copied or renamed run folder?)");
            }
            var folder = RunFolder.At(dir);
            var metrics = RunFolder.ReadMetrics(folder.MetricsPath);
            var machines = RunFolder.ReadMachines(folder.MachinesPath);
            runs.AddRange(results.Select(r => new RunRecord(r, RowsUpTo(metrics, r.Iterations, dir), MachineSpan.Covering(machines, r.Iterations))));
        }
        return new(runs);
    }

    /// <summary>
    /// The rows of iterations 1 … <paramref name="iterations"/>, one each and in order; a finished run with any of them
    /// missing (a lost or hand-cut metrics.csv) would give curves and threshold readings that are silently wrong.
    /// </summary>
    private static IterationMetrics[] RowsUpTo(IReadOnlyList<IterationMetrics> metrics, int iterations, string dir)
    {
        var rows = metrics.Where(m => m.Iteration <= iterations).ToArray();
        for (int i = 0; i < rows.Length; i++)
            if (rows[i].Iteration != i + 1)
                throw new RunFolderException($"{dir}: metrics.csv has iteration {rows[i].Iteration} where {i + 1} belongs; the run folder is damaged");
        if (rows.Length != iterations)
            throw new RunFolderException($"{dir}: metrics.csv ends at iteration {rows.Length} but the run's result is at {iterations}; the run folder is incomplete");
        return rows;
    }

    /// <summary>Pairs the final returns of two architectures on an environment by seed (seeds present in both).</summary>
    public (double[] A, double[] B) PairedFinals(string environment, string a, string b) => Paired(environment, a, b, r => r.Result.FinalMean);

    /// <summary>Pairs one value of two architectures' runs on an environment by seed (seeds present in both).</summary>
    public (double[] A, double[] B) Paired(string environment, string a, string b, Func<RunRecord, double> value)
    {
        var right = Of(environment, b).ToDictionary(r => r.Result.Seed, value);
        var pairs = Of(environment, a).Where(r => right.ContainsKey(r.Result.Seed)).Select(r => (value(r), right[r.Result.Seed])).ToArray();
        return (pairs.Select(p => p.Item1).ToArray(), pairs.Select(p => p.Item2).ToArray());
    }
}
