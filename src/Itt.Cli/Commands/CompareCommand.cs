using System.CommandLine;
using Itt.Experiments.Comparison;
using Itt.Experiments.Reports;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt compare</c>: trains several architectures over seeds 1..S on one or more tasks with the paper's presets,
/// each run in its own resumable folder, then writes the paper-style tables and learning curves.
/// </summary>
public static class CompareCommand
{
    private sealed class Options
    {
        public readonly Option<string[]> Env = new("--env")
        {
            Description = "Environment ids (repeat the option or list several after it). Each needs a paper preset (see `itt envs`).",
            AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["CartPole-v1"],
        };
        public readonly Option<string[]> Arch = new("--arch")
        {
            Description = $"Architectures [{string.Join("|", ComparisonArchitecture.Names)}].",
            AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => ["itt", "iot", "explicit"],
        };
        public readonly Option<int> Seeds = new("--seeds") { Description = "Seeds 1..S per architecture and task (the paper: 10).", DefaultValueFactory = _ => 10 };
        public readonly Option<string> Out = new("--out") { Description = "Comparison folder (default: comparisons/<env>+<env>…). Runs go to runs/, reports to report/." };
        public readonly Option<int> Iterations = new("--iterations") { Description = "Cheaper pass: this many iterations instead of the preset's (labelled in the reports)." };
        public readonly Option<double> WallClock = new("--wall-clock") { Description = "Cheaper pass: stop each run after this many training seconds (labelled in the reports)." };
        public readonly Option<double> Threshold = new("--threshold") { Description = "Reward threshold of Tables 3/9 (default: the registry's); only with a single --env." };
        public readonly Option<int> Threads = new("--threads") { Description = "Rollout threads per run (0: all cores). Results do not depend on it.", DefaultValueFactory = _ => 0 };
        public readonly Option<int> FinalEvaluationEpisodes = new("--final-eval-episodes") { Description = "Episodes of the final θ behind each run's final return.", DefaultValueFactory = _ => 10 };
        public readonly Option<int> IterationEvaluationEpisodes = new("--iteration-eval-episodes") { Description = "Episodes of the unperturbed θ averaged into each iteration's eval_return (learning curves, Table 3).", DefaultValueFactory = _ => 1 };
        public readonly Option<int> CheckpointEvery = new("--checkpoint-every") { Description = "Checkpoint each run at most every this many iterations; within that, as often as costs ≤ ~5% of the run (its end is always written).", DefaultValueFactory = _ => 1 };
        public readonly Option<bool> ReportOnly = new("--report-only") { Description = "Rewrite the reports from the finished runs in the folder without training." };
        public readonly Option<bool> Status = new("--status") { Description = "Print how far each run of the comparison has got (finished, in progress, pending); trains and writes nothing." };
    }

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var o = new Options();
        var command = new Command("compare", "Multi-seed comparison of architectures on the paper's tasks, with Tables 1, 2, 3/9, 12, 13 and learning curves.");
        foreach (var option in typeof(Options).GetFields().Select(f => (Option)f.GetValue(o)!)) command.Options.Add(option);
        command.SetAction(parse => Run(parse, o, context));
        return command;
    }

    private static int Run(ParseResult parse, Options o, CliContext context)
    {
        var plan = Plan(parse, o);
        if (plan.Validate() is string problem) throw new UsageException(problem);
        if (parse.GetValue(o.Status)) return PrintStatus(plan, context);
        // Reading the runs and writing their report needs neither the tasks' native libraries nor the memory to train.
        if (!parse.GetValue(o.ReportOnly) && plan.CannotRunHere() is string cannot) throw new UsageException(cannot);
        var thresholds = Thresholds(parse, o, plan);
        if (parse.GetValue(o.ReportOnly) && !Directory.Exists(plan.RunsFolder))
            throw new UsageException($"--report-only: '{plan.Folder}' holds no comparison runs (no runs/ folder); check --out, or drop --report-only to train");

        var outcome = RunOutcome.Finished;
        string command = "itt " + string.Join(' ', parse.Tokens.Select(t => t.Value.Contains(' ') ? $"'{t.Value}'" : t.Value));
        ComparisonReport.RecordCommand(plan.Folder, command); // a report-only command too: its --threshold shapes the report
        if (!parse.GetValue(o.ReportOnly))
        {
            // One tally instead of a line per skipped run: a campaign reruns every seed's step with all earlier runs in it.
            context.Output.WriteLine($"comparison folder: {Path.GetFullPath(plan.Folder)} ({Tally(ComparisonRunner.Status(plan))})");
            // Ctrl-C or SIGTERM (a campaign being stopped, a machine shutting down): the current run stops after its iteration
            // with a checkpoint, so nothing trained is lost.
            using var signals = new StopSignals(context.Error, "comparison");
            var reports = ComparisonRunner.Run(plan, r => { if (Describe(r) is string line) context.Output.WriteLine(line); }, cancellation: signals.Token);
            if (signals.Stopped || reports.Any(r => r.Outcome == RunOutcome.Interrupted)) outcome = RunOutcome.Interrupted;
        }
        var data = ComparisonData.Load(plan.RunsFolder);
        ComparisonReport.Write(data, plan.Folder, thresholds);
        context.Output.WriteLine($"report: {Path.Combine(Path.GetFullPath(plan.ReportFolder), "README.md")} ({data.Runs.Count} finished runs)");
        if (outcome == RunOutcome.Interrupted)
        {
            context.Output.WriteLine("interrupted; run the same command again to resume");
            return StopSignals.ExitCode;
        }
        return 0;
    }

    private static int PrintStatus(ComparisonPlan plan, CliContext context)
    {
        var runs = ComparisonRunner.Status(plan);
        var left = runs.Select(r => ComparisonRunner.SecondsLeft(r, runs)).ToArray();
        string Left(int i) => left[i] is double seconds
            ? $", about {ReportFormat.Duration(seconds)} left{(ComparisonRunner.GoesByOtherTasks(runs[i], runs) ? " (carried over from other tasks)" : "")}" : "";
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            context.Output.WriteLine(r.State switch
            {
                RunState.Finished => $"{r.Name}: finished, {r.Iterations} it, final return {ReportFormat.Return(r.Result!.FinalMean)}",
                RunState.InProgress => $"{r.Name}: in progress, {r.Iterations} of {r.Target} it{Left(i)}",
                RunState.PastBudget => $"{r.Name}: past this budget, at {r.Iterations} of a longer pass",
                _ => $"{r.Name}: pending, {r.Target} it{Left(i)}",
            });
        }
        // Said only where some unfinished run has a pace to go by: a fresh comparison has none.
        var unfinished = left.Where((_, i) => runs[i].State is RunState.InProgress or RunState.Pending).ToArray();
        int unknown = unfinished.Count(l => l is null);
        string estimate = unknown == unfinished.Length ? ""
            : $"; about {ReportFormat.Duration(unfinished.Sum() ?? 0)} of training left at the runs' measured paces" +
              (unknown > 0 ? $", not counting {unknown} run{(unknown == 1 ? "" : "s")} with no pace to go by" : "");
        int past = runs.Count(r => r.State == RunState.PastBudget);
        context.Output.WriteLine($"{Path.GetFullPath(plan.Folder)} ({plan.Budget.Label}): {runs.Count(r => r.State == RunState.Finished)} finished, " +
            (past > 0 ? $"{past} past this budget, " : "") +
            $"{runs.Count(r => r.State == RunState.InProgress)} in progress, {runs.Count(r => r.State == RunState.Pending)} pending{estimate}");
        return 0;
    }

    private static ComparisonPlan Plan(ParseResult parse, Options o)
    {
        var envs = parse.GetValue(o.Env)!.Distinct().ToArray();
        var archs = parse.GetValue(o.Arch)!.Select(name => ComparisonArchitecture.Find(name)
            ?? throw new UsageException($"--arch: '{name}' is not one of {string.Join(", ", ComparisonArchitecture.Names)}")).ToArray();
        var budget = new ComparisonBudget(parse.Given(o.Iterations) ? parse.GetValue(o.Iterations) : null,
            parse.Given(o.WallClock) ? parse.GetValue(o.WallClock) : null);
        string folder = parse.GetValue(o.Out) ?? Path.Combine("comparisons", string.Join("+", envs));
        return new ComparisonPlan(envs, archs, parse.GetValue(o.Seeds), budget, folder, parse.GetValue(o.Threads), parse.GetValue(o.FinalEvaluationEpisodes),
            parse.GetValue(o.CheckpointEvery), parse.GetValue(o.IterationEvaluationEpisodes));
    }

    /// <summary>The --threshold override of Tables 3/9, keyed by the one environment it may go with.</summary>
    private static Dictionary<string, double>? Thresholds(ParseResult parse, Options o, ComparisonPlan plan)
    {
        if (!parse.Given(o.Threshold)) return null;
        if (plan.Environments.Count != 1) throw new UsageException("--threshold applies to a single --env");
        double threshold = parse.GetValue(o.Threshold);
        if (!double.IsFinite(threshold)) throw new UsageException("--threshold must be a finite number");
        return new Dictionary<string, double> { [plan.Environments[0]] = threshold };
    }

    /// <summary>What a run that trained or stopped did; null for a skipped one, which the tally before the runs counts.</summary>
    private static string? Describe(RunReport r) => r.Outcome switch
    {
        RunOutcome.Skipped or RunOutcome.PastBudget => null,
        RunOutcome.Interrupted => $"{r.Name}: interrupted; resumes from its checkpoint",
        _ => $"{r.Name}: {(r.ResumedFrom > 0 ? $"resumed at {r.ResumedFrom}, " : "")}{r.Result!.Iterations} it, " +
             $"{r.Result.WallClockSeconds:0.0} s, final return {ReportFormat.Return(r.Result.FinalMean)}",
    };

    /// <summary>The plan's runs by what this command will do with them, e.g. "9 runs: 6 finished earlier, skipped; 3 to train".</summary>
    private static string Tally(IReadOnlyList<RunStatus> runs)
    {
        var parts = new (RunState State, string Does)[]
        {
            (RunState.Finished, "finished earlier, skipped"), (RunState.PastBudget, "past this budget (of a longer pass), skipped"),
            (RunState.InProgress, "to resume"), (RunState.Pending, "to train"),
        }.Select(p => (Count: runs.Count(r => r.State == p.State), p.Does)).Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Does}");
        return $"{runs.Count} run{(runs.Count == 1 ? "" : "s")}: {string.Join("; ", parts)}";
    }
}
