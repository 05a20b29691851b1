using Itt.Training.Configuration;
using Itt.Environments.Registry;
using Itt.Training.Presets;

namespace Itt.Experiments.Comparison;

/// <summary>What a comparison runs: every architecture on every environment for seeds 1..<see cref="Seeds"/>.</summary>
/// <param name="Environments">Environment ids (each needs a paper preset).</param>
/// <param name="Architectures">Architectures, in the order given.</param>
/// <param name="Seeds">Seeds 1..S.</param>
/// <param name="Budget">Training budget per run.</param>
/// <param name="Folder">The comparison folder: runs go to <c>runs/</c>, reports to <c>report/</c>.</param>
/// <param name="Threads">Rollout threads per run (0: all cores); results do not depend on it.</param>
/// <param name="FinalEvaluationEpisodes">Episodes of the final θ behind each run's final return.</param>
/// <param name="CheckpointEvery">Checkpoint at most every this many iterations; within that, as often as costs about 5%
/// of the run (<see cref="Itt.Training.Runs.TrainingSession"/>), so a run killed mid-way repeats little (results do not
/// depend on it).</param>
/// <param name="IterationEvaluationEpisodes">Episodes of the unperturbed θ averaged into each iteration's <c>eval_return</c> (the
/// learning curve and the first Table 3 reading). It does not change θ, but it is part of each run's configuration.</param>
public sealed record ComparisonPlan(IReadOnlyList<string> Environments, IReadOnlyList<ComparisonArchitecture> Architectures,
    int Seeds, ComparisonBudget Budget, string Folder, int Threads = 0, int FinalEvaluationEpisodes = 10, int CheckpointEvery = 1,
    int IterationEvaluationEpisodes = 1)
{
    /// <summary>Where the run folders live.</summary>
    public string RunsFolder => Path.Combine(Folder, "runs");

    /// <summary>Where the reports are written.</summary>
    public string ReportFolder => Path.Combine(Folder, "report");

    /// <summary>The deterministic folder name of one run, <c>env__arch__seed</c>.</summary>
    public static string RunName(string environment, string architecture, ulong seed) => $"{environment}__{architecture}__{seed}";

    /// <summary>Every (environment, architecture, seed) of the plan, environment-major, so one task's results arrive together.</summary>
    public IEnumerable<(string Environment, ComparisonArchitecture Architecture, ulong Seed)> Runs()
        => from env in Environments from seed in Enumerable.Range(1, Seeds) from arch in Architectures select (env, arch, (ulong)seed);

    /// <summary>
    /// A one-line description of the first invalid setting, or null. It asks nothing of this machine, so the plan's
    /// folders can be read (<see cref="ComparisonRunner.Status"/>, a report) wherever they were copied to;
    /// <see cref="CannotRunHere"/> says whether they can also be trained here.
    /// </summary>
    public string? Validate()
    {
        if (Environments.Count == 0) return "give at least one --env";
        foreach (var env in Environments)
        {
            if (!EnvironmentRegistry.TryGet(env, out _)) return $"unknown environment '{env}' (see `itt envs`)";
            if (PaperPresets.Find(env) is null) return $"'{env}' has no paper preset, so it cannot be compared (see `itt envs`)";
        }
        if (Architectures.Count == 0) return "give at least one --arch";
        if (Architectures.Select(a => a.Name).Distinct().Count() != Architectures.Count) return "an --arch is repeated";
        if (Seeds < 1) return $"--seeds must be at least 1 (got {Seeds})";
        if (Threads < 0) return $"--threads must be 0 (all cores) or more (got {Threads})";
        if (CheckpointEvery < 1) return $"--checkpoint-every must be at least 1 (got {CheckpointEvery})";
        if (FinalEvaluationEpisodes < 1) return $"--final-eval-episodes must be at least 1 (got {FinalEvaluationEpisodes})";
        if (IterationEvaluationEpisodes < 1) return $"--iteration-eval-episodes must be at least 1 (got {IterationEvaluationEpisodes})";
        return Budget.Validate();
    }

    /// <summary>
    /// Why this machine cannot train a valid plan (a task's native library is missing, a run would not fit in memory), or
    /// null. Asked before anything is trained or written, so that no run starts that another one could not follow.
    /// </summary>
    public string? CannotRunHere()
    {
        foreach (var env in Environments)
        {
            var spec = EnvironmentRegistry.Get(env);
            if (spec.MissingDependency?.Invoke() is string missing) return $"{env}: {missing}";
            foreach (var arch in Architectures)
                if (MemoryEstimate.For(arch.ConfigFor(PaperPresets.Find(env)!, 1) with { Threads = Threads }, Threads, FinalEvaluationEpisodes).Problem() is string big)
                    return $"{env} {arch.Name}: {big}";
        }
        return null;
    }
}
