using Itt.Training.Presets;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Evaluation;
using Itt.Training.Runs;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Comparison;

/// <summary>What happened to one run of a comparison.</summary>
public enum RunOutcome
{
    /// <summary>Already finished under the same budget: left as it was.</summary>
    Skipped,
    /// <summary>Trained (from scratch or from its checkpoint) and evaluated.</summary>
    Finished,
    /// <summary>Stopped by cancellation; its checkpoint lets a later command resume it.</summary>
    Interrupted,
    /// <summary>Already past the plan's budget (a longer pass extended it): left as it was.</summary>
    PastBudget,
}

/// <summary>Progress of one run.</summary>
/// <param name="Name">Run folder name.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="ResumedFrom">Iteration the run resumed from (0 for a fresh start).</param>
/// <param name="Result">The run's result (null when interrupted).</param>
public sealed record RunReport(string Name, RunOutcome Outcome, int ResumedFrom, RunResult? Result);

/// <summary>Where one run of a plan stands.</summary>
public enum RunState
{
    /// <summary>No checkpoint yet.</summary>
    Pending,
    /// <summary>A checkpoint short of the plan's budget (or finished under another budget).</summary>
    InProgress,
    /// <summary>Finished under the plan's budget.</summary>
    Finished,
    /// <summary>Past the plan's budget: a longer pass, as a campaign's later step, extended it.</summary>
    PastBudget,
}

/// <summary>One run of a plan and how far it has got.</summary>
/// <param name="Name">Run folder name.</param>
/// <param name="Environment">Its environment id.</param>
/// <param name="Architecture">Its architecture's name.</param>
/// <param name="State">Where it stands.</param>
/// <param name="Iterations">Iterations done (its checkpoint's, or its result's when finished).</param>
/// <param name="Target">Iterations the plan's budget asks for.</param>
/// <param name="Result">The result when finished.</param>
/// <param name="SecondsPerIteration">
/// The run's pace: the mean over the whole run when finished, <see cref="ComparisonRunner.RecentPace"/> when in progress
/// (episode lengths, and so the cost of an iteration, change as a policy learns); null when pending.
/// </param>
/// <param name="IterationSeconds">
/// When finished, the seconds of each of its iterations (element i is iteration i + 1), from its metrics; null otherwise.
/// </param>
public sealed record RunStatus(string Name, string Environment, string Architecture, RunState State, int Iterations, int Target,
    RunResult? Result, double? SecondsPerIteration, IReadOnlyList<double>? IterationSeconds = null);

/// <summary>
/// Executes a <see cref="ComparisonPlan"/>: one <see cref="TrainingSession"/> per (environment, architecture, seed) in a
/// fixed folder, run one after another so that each run's wall-clock is measured alone. A finished run (its
/// <c>results.json</c> names the same budget) is skipped; an interrupted one resumes from its checkpoint.
/// </summary>
public static class ComparisonRunner
{
    /// <summary>Runs the plan; stops after the current iteration when <paramref name="cancellation"/> fires.</summary>
    public static IReadOnlyList<RunReport> Run(ComparisonPlan plan, Action<RunReport>? onRun = null,
        Action<string, IterationMetrics>? onIteration = null, CancellationToken cancellation = default)
    {
        if ((plan.Validate() ?? plan.CannotRunHere()) is string problem) throw new ArgumentException(problem);
        var reports = new List<RunReport>();
        foreach (var (env, arch, seed) in plan.Runs())
        {
            if (cancellation.IsCancellationRequested) break;
            var report = RunOne(plan, env, arch, seed, onIteration, cancellation);
            reports.Add(report);
            onRun?.Invoke(report);
        }
        return reports;
    }

    /// <summary>Where every run of the plan stands, read from its folder; trains and writes nothing.</summary>
    public static IReadOnlyList<RunStatus> Status(ComparisonPlan plan)
    {
        if (plan.Validate() is string problem) throw new ArgumentException(problem);
        return plan.Runs().Select(run =>
        {
            var (env, arch, seed) = run;
            string name = ComparisonPlan.RunName(env, arch.Name, seed);
            string path = Path.Combine(plan.RunsFolder, name);
            var folder = RunFolder.At(path);
            int target = TargetIterations(plan, env);
            string metricsPath = folder.MetricsPath;
            if (FinishedResult(plan, path) is { } done)
            {
                double[]? seconds = File.Exists(metricsPath)
                    ? RunFolder.ReadMetrics(metricsPath).Where(m => m.Iteration <= done.Iterations).Select(m => m.Seconds).ToArray() : null;
                return new RunStatus(name, env, arch.Name, RunState.Finished, done.Iterations, target, done, done.SecondsPerIteration, seconds);
            }
            string checkpoint = folder.CheckpointPath;
            if (!File.Exists(checkpoint)) return new RunStatus(name, env, arch.Name, RunState.Pending, 0, target, null, null);
            int iterations = Checkpoint.Load(checkpoint).State.Iteration;
            if (iterations > target) return new RunStatus(name, env, arch.Name, RunState.PastBudget, iterations, target, null, null);
            var metrics = RunFolder.ReadMetrics(metricsPath);
            return new RunStatus(name, env, arch.Name, RunState.InProgress, iterations, target, null, RecentPace(metrics, iterations));
        }).ToArray();
    }

    /// <summary>How many of an unfinished run's latest iterations its pace is measured over.</summary>
    public const int RecentIterations = 50;

    /// <summary>
    /// An unfinished run's pace: the median seconds of its last <see cref="RecentIterations"/> iterations up to its
    /// checkpoint's <paramref name="iterations"/> (rows past it were lost with the process and will be redone). A median,
    /// so that a few iterations slowed by other work on the machine do not move the estimate. Null with no rows.
    /// </summary>
    public static double? RecentPace(IEnumerable<IterationMetrics> metrics, int iterations)
    {
        var recent = metrics.Where(m => m.Iteration <= iterations).TakeLast(RecentIterations).Select(m => m.Seconds).ToArray();
        return recent.Length > 0 ? Summary.Median(recent) : null;
    }

    /// <summary>
    /// Training seconds a run still needs, estimated on this machine's measured paces: 0 when finished; when in progress,
    /// the median over the finished runs of its environment and architecture in <paramref name="all"/> of what their own
    /// iterations from its checkpoint to the budget took (an iteration's cost grows or shrinks as a policy learns, so a
    /// run's recent pace misjudges what is left early on), else its remaining iterations at its own recent pace; when
    /// pending, its budget at the mean pace of the runs of its kind that have one, else at a pace carried over from other
    /// tasks (<see cref="GoesByOtherTasks"/>). Null where there is nothing to go on.
    /// </summary>
    public static double? SecondsLeft(RunStatus run, IReadOnlyList<RunStatus> all) => run.State switch
    {
        RunState.Finished or RunState.PastBudget => 0,
        RunState.InProgress => RemainderOfItsKind(run, all) ?? Math.Max(0, run.Target - run.Iterations) * run.SecondsPerIteration,
        _ => run.Target * (PaceOf(run.Environment, run.Architecture, all) ?? CarriedPace(run, all)),
    };

    /// <summary>
    /// Whether <see cref="SecondsLeft"/> goes by a pace carried over from other tasks, as for a pending run of a task and
    /// architecture with no pace yet: another architecture's pace on its task, plus the difference between the two
    /// architectures' paces on a task where both have one (an iteration's time is roughly its task's simulation plus its
    /// architecture's decisions, and IOT's decisions cost about the same on every DM Control task: a ratio of paces
    /// would scale IOT's decisions by the task's simulation), the median over every such architecture and task; an
    /// estimate that is not positive is left out.
    /// </summary>
    public static bool GoesByOtherTasks(RunStatus run, IReadOnlyList<RunStatus> all)
        => run.State == RunState.Pending && PaceOf(run.Environment, run.Architecture, all) is null && CarriedPace(run, all) is not null;

    /// <summary>The pace described at <see cref="GoesByOtherTasks"/>; null where no task links the two architectures.</summary>
    private static double? CarriedPace(RunStatus run, IReadOnlyList<RunStatus> all)
    {
        double? Pace(string env, string arch) => PaceOf(env, arch, all);
        var estimates = (
            from other in all.Select(r => r.Architecture).Distinct()
            where other != run.Architecture && Pace(run.Environment, other) is not null
            from env in all.Select(r => r.Environment).Distinct()
            where env != run.Environment && Pace(env, run.Architecture) is not null && Pace(env, other) is not null
            let estimate = Pace(run.Environment, other)!.Value + Pace(env, run.Architecture)!.Value - Pace(env, other)!.Value
            where estimate > 0
            select estimate).ToArray();
        return estimates.Length > 0 ? Summary.Median(estimates) : null;
    }

    private static double? RemainderOfItsKind(RunStatus run, IReadOnlyList<RunStatus> all)
    {
        var remainders = OfKind(run.Environment, run.Architecture, all)
            .Select(r => r.IterationSeconds).OfType<IReadOnlyList<double>>().Where(s => s.Count >= run.Target)
            .Select(s => s.Take(run.Target).Skip(run.Iterations).Sum()).ToArray();
        return remainders.Length > 0 ? Summary.Median(remainders) : null;
    }

    private static double? PaceOf(string env, string arch, IReadOnlyList<RunStatus> all)
    {
        var paces = OfKind(env, arch, all).Select(r => r.SecondsPerIteration).OfType<double>().ToArray();
        return paces.Length > 0 ? paces.Average() : null;
    }

    private static IEnumerable<RunStatus> OfKind(string env, string arch, IReadOnlyList<RunStatus> all)
        => all.Where(r => r.Environment == env && r.Architecture == arch);

    private static int TargetIterations(ComparisonPlan plan, string env) => plan.Budget.Iterations ?? PaperPresets.Find(env)!.Iterations;

    /// <summary>The run's result when it finished under the plan's budget (null otherwise).</summary>
    private static RunResult? FinishedResult(ComparisonPlan plan, string path)
        => RunResult.Load(path) is { } done && done.Budget == plan.Budget.Label ? done : null;

    private static RunReport RunOne(ComparisonPlan plan, string env, ComparisonArchitecture arch, ulong seed,
        Action<string, IterationMetrics>? onIteration, CancellationToken cancellation)
    {
        string name = ComparisonPlan.RunName(env, arch.Name, seed);
        string path = Path.Combine(plan.RunsFolder, name);
        var preset = PaperPresets.Find(env)!;
        var config = arch.ConfigFor(preset, seed) with { Iterations = TargetIterations(plan, env), Threads = plan.Threads > 0 ? plan.Threads : null,
            CheckpointEvery = plan.CheckpointEvery, IterationEvaluationEpisodes = plan.IterationEvaluationEpisodes };

        if (FinishedResult(plan, path) is { } done)
            return new RunReport(name, RunOutcome.Skipped, done.Iterations, done);

        string checkpoint = RunFolder.At(path).CheckpointPath;
        bool resume = File.Exists(checkpoint);
        var (storedConfig, storedState) = resume ? Checkpoint.Load(checkpoint) : default;
        // A longer pass over the same folder (a campaign's later step) took the run past this budget: its θ, metrics and
        // result now belong to that pass, and this one leaves them be.
        if (resume && storedState.Iteration > config.Iterations)
            return new RunReport(name, RunOutcome.PastBudget, storedState.Iteration, null);
        // The one setting of a run that compare takes from its options rather than the preset: name the option.
        if (resume && storedConfig.IterationEvaluationEpisodes is var stored && stored != config.IterationEvaluationEpisodes)
            throw new ArgumentException($"{name} was run with {stored} evaluation episodes of θ per iteration, not {config.IterationEvaluationEpisodes}: " +
                $"pass --iteration-eval-episodes {stored} to continue it, or use another --out");
        using var session = resume
            ? TrainingSession.Resume(path, _ => config) // refuses a run made with other settings
            : TrainingSession.StartNamed(config, plan.RunsFolder, name);
        int resumedFrom = session.Trainer.Iteration;
        RunResult.Archive(path); // a result for a shorter budget no longer describes the run, but stays on record as that budget's

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        session.Run(m =>
        {
            onIteration?.Invoke(name, m);
            if (plan.Budget.WallClockSeconds is double limit && m.ElapsedSeconds >= limit) stop.Cancel();
        }, stop.Token);
        if (cancellation.IsCancellationRequested && session.Trainer.Iteration < config.Iterations)
            return new RunReport(name, RunOutcome.Interrupted, resumedFrom, null);

        var trainer = session.Trainer;
        var metrics = session.Folder.ReadMetrics();
        double[] finals = PolicyEvaluation.Run(config, trainer.Architecture, trainer.Theta, plan.FinalEvaluationEpisodes,
            PolicyEvaluation.FinalSeed(seed), plan.Threads, normalizer: trainer.Normalizer);
        var result = new RunResult(env, arch.Name, seed, plan.Budget.Label, trainer.Iteration,
            metrics.Count > 0 ? metrics[^1].EnvironmentSteps : 0, metrics.Count > 0 ? metrics[^1].ElapsedSeconds : 0,
            trainer.Architecture.ParameterCount, finals, finals.Average());
        result.Save(path);
        return new RunReport(name, RunOutcome.Finished, resumedFrom, result);
    }
}
