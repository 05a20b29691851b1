using System.Globalization;
using System.Text.Json;
using Itt.Cli;
using Itt.Tests.Cli;
using Itt.Experiments.Comparison;
using Itt.Experiments.Reports;
using Itt.Experiments.Statistics;
using Itt.Tests.Training;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Compare;

/// <summary><c>itt compare</c> end to end at a tiny budget: reports, skipping finished runs, resuming interrupted ones, bad input.</summary>
public class CompareCommandTests
{
    private static readonly string[] Archs = ["itt", "iot", "explicit"];

    private static (int Code, string Out, string Err) Run(params string[] args) => IttCommand.Run(args);

    private static string[] Tiny(string folder, int iterations = 6) =>
        ["compare", "--env", "CartPole-v1", "--seeds", "3", "--iterations", iterations.ToString(CultureInfo.InvariantCulture),
         "--out", folder, "--threads", "1", "--final-eval-episodes", "2", "--checkpoint-every", "2"];

    private static RunResult Result(string folder, string arch, int seed)
        => RunResult.Load(Path.Combine(folder, "runs", ComparisonPlan.RunName("CartPole-v1", arch, (ulong)seed)))!;

    [Fact]
    public void ProducesEveryReportAndTheyAgreeWithTheRuns()
    {
        using var root = new TempFolder();
        var (code, output, error) = Run(Tiny(root.Path));
        Assert.True(code == 0, error);
        string report = Path.Combine(root.Path, "report");
        foreach (var table in new[] { "table1-final-returns", "table2-wall-clock", "table12-final-return-t-tests", "table13-iterations-to-iot", "table3-steps-to-threshold", "run-progress" })
        {
            Assert.True(File.Exists(Path.Combine(report, table + ".md")), table);
            Assert.True(File.Exists(Path.Combine(report, table + ".csv")), table);
        }
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(report, "curves-CartPole-v1.png")).Take(4));
        string readme = File.ReadAllText(Path.Combine(report, "README.md"));
        Assert.Contains("cheaper pass", readme); // an --iterations pass is labelled
        Assert.Contains("6 iterations", readme);
        Assert.Contains("itt compare --env CartPole-v1 --seeds 3", readme);

        foreach (var arch in Archs)
            for (int seed = 1; seed <= 3; seed++)
            {
                var r = Result(root.Path, arch, seed);
                Assert.Equal(6, r.Iterations);
                Assert.Equal(2, r.FinalReturns.Length);
                Assert.Equal(r.FinalReturns.Average(), r.FinalMean, 12);
                Assert.Equal(7, File.ReadAllLines(Path.Combine(root.Path, "runs", ComparisonPlan.RunName("CartPole-v1", arch, (ulong)seed), "metrics.csv")).Length);
            }
        Assert.Equal(9, output.Split('\n').Count(l => l.Contains(" it, ")));

        // Table 1: recompute each architecture's mean ± std from the runs' results and find it in the Markdown and CSV.
        string table1 = File.ReadAllText(Path.Combine(report, "table1-final-returns.md"));
        string csv1 = File.ReadAllText(Path.Combine(report, "table1-final-returns.csv"));
        foreach (var arch in Archs)
        {
            var finals = Enumerable.Range(1, 3).Select(s => Result(root.Path, arch, s).FinalMean).ToArray();
            var (mean, std) = Summary.MeanStd(finals);
            Assert.Contains($"{mean.ToString("0.00", CultureInfo.InvariantCulture)} ± {std.ToString("0.00", CultureInfo.InvariantCulture)}", table1);
            Assert.Contains(mean.ToString("R", CultureInfo.InvariantCulture), csv1);
        }

        // Table 12: the ITT vs IOT p-value from the runs' finals, paired by seed.
        var itt = Enumerable.Range(1, 3).Select(s => Result(root.Path, "itt", s).FinalMean).ToArray();
        var iot = Enumerable.Range(1, 3).Select(s => Result(root.Path, "iot", s).FinalMean).ToArray();
        double p = PairedTTest.Run(itt, iot).PValue;
        var csv12 = File.ReadAllLines(Path.Combine(report, "table12-final-return-t-tests.csv"));
        Assert.Equal("environment,itt & iot p-value,itt & explicit p-value,itt return,iot return,explicit return", csv12[0]);
        Assert.Equal(double.IsNaN(p) ? "" : p.ToString("R", CultureInfo.InvariantCulture), csv12[1].Split(',')[1]);

        // The progress table: one row per run, each ending in its own final return, seconds per iteration and the one
        // machine that trained it.
        var progress = File.ReadAllLines(Path.Combine(report, "run-progress.csv"));
        Assert.Equal(1 + 9, progress.Length);
        foreach (var arch in Archs)
            for (int seed = 1; seed <= 3; seed++)
            {
                var r = Result(root.Path, arch, seed);
                var row = Assert.Single(progress, l => l.StartsWith($"CartPole-v1,{arch},{seed},6,", StringComparison.Ordinal));
                Assert.EndsWith($",{r.FinalMean.ToString("R", CultureInfo.InvariantCulture)},{(r.WallClockSeconds / 6).ToString("R", CultureInfo.InvariantCulture)},1", row);
            }

        // Table 2: wall-clock is the runs' recorded training seconds.
        double wall = Enumerable.Range(1, 3).Average(s => Result(root.Path, "itt", s).WallClockSeconds);
        Assert.Contains(wall.ToString("R", CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(report, "table2-wall-clock.csv")));
    }

    [Fact]
    public void ARepeatedCommandSkipsFinishedRuns()
    {
        using var root = new TempFolder();
        var first = Run(Tiny(root.Path));
        Assert.Equal(0, first.Code);
        Assert.Contains($"comparison folder: {Path.GetFullPath(root.Path)} (9 runs: 9 to train)", first.Out);
        string metrics = Path.Combine(root.Path, "runs", "CartPole-v1__itt__2", "metrics.csv");
        var before = File.ReadAllBytes(metrics);
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(root.Path, "runs", "CartPole-v1__itt__2", RunResult.FileName));

        var (code, output, error) = Run(Tiny(root.Path));
        Assert.True(code == 0, error);
        Assert.Contains($"comparison folder: {Path.GetFullPath(root.Path)} (9 runs: 9 finished earlier, skipped)", output);
        Assert.DoesNotContain("CartPole-v1__", output); // no line per skipped run
        Assert.Equal(before, File.ReadAllBytes(metrics));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(root.Path, "runs", "CartPole-v1__itt__2", RunResult.FileName)));

        // A larger budget extends the same runs from their checkpoints instead of starting again, and keeps each run's
        // result at the shorter budget beside the new one.
        string run2 = Path.Combine(root.Path, "runs", "CartPole-v1__itt__2");
        var atSix = File.ReadAllBytes(Path.Combine(run2, RunResult.FileName));
        var longer = Run(Tiny(root.Path, iterations: 8));
        Assert.True(longer.Code == 0, longer.Err);
        Assert.Contains("(9 runs: 9 to resume)", longer.Out);
        Assert.Equal(9, longer.Out.Split('\n').Count(l => l.Contains("resumed at 6, 8 it")));
        Assert.Equal(9, File.ReadAllLines(metrics).Length);
        Assert.Equal(atSix, File.ReadAllBytes(Path.Combine(run2, RunResult.EarlierFileName(6))));
        Assert.Equal([6], RunResult.LoadEarlier(run2).Select(r => r.Iterations));
        Assert.Equal((8, "8 iterations"), (RunResult.Load(run2)!.Iterations, RunResult.Load(run2)!.Budget));

        // The shorter pass again, as a campaign that runs its steps in order does: runs past its budget are left as they are.
        var result = File.ReadAllBytes(Path.Combine(root.Path, "runs", "CartPole-v1__itt__2", RunResult.FileName));
        var again = Run(Tiny(root.Path));
        Assert.True(again.Code == 0, again.Err);
        Assert.Contains("(9 runs: 9 past this budget (of a longer pass), skipped)", again.Out);
        Assert.Equal(result, File.ReadAllBytes(Path.Combine(root.Path, "runs", "CartPole-v1__itt__2", RunResult.FileName)));
        Assert.Equal(9, File.ReadAllLines(metrics).Length);
        var status = Run([.. Tiny(root.Path), "--status"]).Out;
        Assert.Contains("CartPole-v1__itt__2: past this budget, at 8 of a longer pass", status);
        Assert.Contains("(6 iterations): 0 finished, 9 past this budget, 0 in progress, 0 pending", status);

        // Extending with another evaluation count would change the runs' configuration: refused, naming the option to pass.
        var other = Run([.. Tiny(root.Path, iterations: 10), "--iteration-eval-episodes", "3"]);
        Assert.Equal(2, other.Code);
        Assert.Equal("itt: error: CartPole-v1__itt__1 was run with 1 evaluation episodes of θ per iteration, not 3: " +
            "pass --iteration-eval-episodes 1 to continue it, or use another --out", other.Err.Trim());
        Assert.Equal(9, File.ReadAllLines(metrics).Length);
    }

    [Fact]
    public void AComparisonRunsResultIsNeitherReplacedByTrainNorMistakenForATrainSummary()
    {
        using var root = new TempFolder();
        string[] tiny = ["compare", "--env", "CartPole-v1", "--arch", "itt", "--seeds", "1", "--iterations", "2", "--out", root.Path,
            "--threads", "1", "--final-eval-episodes", "1"];
        Assert.Equal(0, Run(tiny).Code);
        string run = Path.Combine(root.Path, "runs", "CartPole-v1__itt__1"), results = Path.Combine(run, RunResult.FileName);
        var before = File.ReadAllBytes(results);

        var train = Run("train", "--resume", run, "--iterations", "4", "--no-progress");
        Assert.Equal(2, train.Code);
        const string Refusal = "itt: error: cannot resume CartPole-v1__itt__1 with itt train: it is a run of itt compare (its results " +
            "name its budget); continue it with itt compare and a larger --iterations";
        Assert.Equal(Refusal, train.Err.Trim());
        Assert.Equal(before, File.ReadAllBytes(results));

        // Nor while compare is extending it (its result kept as the 2-iteration one, the next not yet written).
        RunResult.Archive(run);
        var extending = Run("train", "--resume", run, "--iterations", "4", "--no-progress");
        Assert.Equal((2, Refusal), (extending.Code, extending.Err.Trim()));
        Assert.False(File.Exists(results));
        File.Move(Path.Combine(run, RunResult.EarlierFileName(2)), results);

        // A train summary in its place (a run resumed by train before it finished) is named, not read as a result.
        using (var summary = JsonDocument.Parse(before))
            File.WriteAllText(results, JsonSerializer.Serialize(summary.RootElement.EnumerateObject()
                .Where(p => p.Name is not ("architecture" or "budget")).ToDictionary(p => p.Name, p => p.Value)));
        var report = Run([.. tiny, "--report-only"]);
        Assert.Equal(2, report.Code);
        Assert.Equal($"itt: error: {results}: not a comparison run's result (it names no environment, architecture, budget or final returns)", report.Err.Trim());
    }

    [Fact]
    public void AnInterruptedRunResumesAndEndsAsIfUninterrupted()
    {
        using var root = new TempFolder();
        string interrupted = Path.Combine(root.Path, "interrupted");
        string straight = Path.Combine(root.Path, "straight");
        var plan = new ComparisonPlan(["CartPole-v1"], [ComparisonArchitecture.Itt], 1, new ComparisonBudget(Iterations: 8), interrupted,
            Threads: 1, FinalEvaluationEpisodes: 3, CheckpointEvery: 2);
        using var cancel = new CancellationTokenSource();
        var reports = ComparisonRunner.Run(plan, onIteration: (_, m) => { if (m.Iteration == 3) cancel.Cancel(); }, cancellation: cancel.Token);
        var first = Assert.Single(reports);
        Assert.Equal(RunOutcome.Interrupted, first.Outcome);
        string run = Path.Combine(interrupted, "runs", "CartPole-v1__itt__1");
        Assert.False(File.Exists(Path.Combine(run, RunResult.FileName)));
        Assert.True(File.Exists(Path.Combine(run, "checkpoint.itt")));

        // Seed 2 as well, so that the tally before the runs names both what is resumed and what is trained afresh.
        var (code, output, error) = Run("compare", "--env", "CartPole-v1", "--arch", "itt", "--seeds", "2", "--iterations", "8",
            "--out", interrupted, "--threads", "2", "--final-eval-episodes", "3", "--checkpoint-every", "2");
        Assert.True(code == 0, error);
        Assert.Contains("(2 runs: 1 to resume; 1 to train)", output);
        Assert.Contains("CartPole-v1__itt__1: resumed at 3, 8 it", output);
        Assert.Contains("CartPole-v1__itt__2: 8 it", output);

        var uninterrupted = Assert.Single(ComparisonRunner.Run(plan with { Folder = straight }));
        var resumed = RunResult.Load(run)!;
        Assert.Equal(uninterrupted.Result!.FinalReturns, resumed.FinalReturns);
        Assert.Equal(uninterrupted.Result.EnvironmentSteps, resumed.EnvironmentSteps);
        static IEnumerable<string> Returns(string folder) => File.ReadLines(Path.Combine(folder, "metrics.csv")).Skip(1).Select(l => string.Join(',', l.Split(',')[..6]));
        Assert.Equal(Returns(Path.Combine(straight, "runs", "CartPole-v1__itt__1")), Returns(run));
    }

    [Fact]
    public void StatusSaysHowFarEveryRunHasGotAndWritesNothing()
    {
        using var root = new TempFolder();
        string[] Command(string iterations = "4") =>
            ["compare", "--env", "CartPole-v1", "--arch", "itt", "explicit", "--seeds", "2", "--iterations", iterations, "--out", root.Path,
             "--threads", "1", "--final-eval-episodes", "1", "--checkpoint-every", "1", "--status"];
        var empty = Run(Command());
        Assert.True(empty.Code == 0, empty.Err);
        Assert.EndsWith("(4 iterations): 0 finished, 0 in progress, 4 pending", empty.Out.Trim());
        Assert.False(Directory.Exists(Path.Combine(root.Path, "runs")));

        // itt seed 1 finishes; explicit seed 1 is stopped after its second iteration; seed 2 of both never starts.
        var plan = new ComparisonPlan(["CartPole-v1"], [ComparisonArchitecture.Itt, ComparisonArchitecture.Find("explicit")!], 1,
            new ComparisonBudget(Iterations: 4), root.Path, Threads: 1, FinalEvaluationEpisodes: 1, CheckpointEvery: 1);
        using var cancel = new CancellationTokenSource();
        ComparisonRunner.Run(plan, onIteration: (name, m) => { if (name.Contains("explicit") && m.Iteration == 2) cancel.Cancel(); }, cancellation: cancel.Token);
        var files = Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc);

        var (code, output, error) = Run(Command());
        Assert.True(code == 0, error);
        var itt = Result(root.Path, "itt", 1);
        Assert.Equal(RunFolder.ReadMetrics(Path.Combine(root.Path, "runs", "CartPole-v1__itt__1", "metrics.csv")).Select(m => m.Seconds),
            ComparisonRunner.Status(plan)[0].IterationSeconds!);
        // Time left: explicit seed 1's two remaining iterations at its own pace so far; itt seed 2's four at itt seed 1's
        // whole-run pace; explicit seed 2's four at explicit seed 1's pace so far.
        var explicitRows = RunFolder.ReadMetrics(Path.Combine(root.Path, "runs", "CartPole-v1__explicit__1", "metrics.csv"));
        Assert.Equal([1, 2], explicitRows.Select(m => m.Iteration));
        double explicitLeft = 2 * Summary.Median(explicitRows.Select(m => m.Seconds)), ittLeft = 4 * (itt.WallClockSeconds / 4);
        Assert.Equal(
        [
            $"CartPole-v1__itt__1: finished, 4 it, final return {ReportFormat.Return(itt.FinalMean)}",
            $"CartPole-v1__explicit__1: in progress, 2 of 4 it, about {ReportFormat.Duration(explicitLeft)} left",
            $"CartPole-v1__itt__2: pending, 4 it, about {ReportFormat.Duration(ittLeft)} left",
            $"CartPole-v1__explicit__2: pending, 4 it, about {ReportFormat.Duration(2 * explicitLeft)} left",
            $"{Path.GetFullPath(root.Path)} (4 iterations): 1 finished, 1 in progress, 2 pending; about {ReportFormat.Duration(explicitLeft + ittLeft + 2 * explicitLeft)} " +
            "of training left at the runs' measured paces",
        ], output.Trim().Split('\n'));
        Assert.Equal(files, Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories).ToDictionary(f => f, File.GetLastWriteTimeUtc));

        // A longer budget counts the finished run as in progress: it would be extended.
        Assert.Contains("CartPole-v1__itt__1: in progress, 4 of 6 it", Run(Command(iterations: "6")).Out);
    }

    [Fact]
    public void StatusAndReportOnlyReadTheRunsWithoutAskingWhetherThisMachineCouldTrainThem()
    {
        using var root = new TempFolder();
        string[] Command(string threads, string iterations = "2", params string[] more) =>
            ["compare", "--env", "CartPole-v1", "--arch", "itt", "--seeds", "1", "--iterations", iterations, "--out", root.Path,
             "--threads", threads, "--final-eval-episodes", "1", .. more];
        Assert.Equal(0, Run(Command("1")).Code);
        var result = File.ReadAllBytes(Path.Combine(root.Path, "runs", "CartPole-v1__itt__1", RunResult.FileName));

        // Two billion rollout threads would not fit in memory (the folder's runs being read on a smaller machine than
        // the one that trained them): training is refused before anything is written ...
        var train = Run(Command("2000000000", iterations: "3"));
        Assert.Equal(2, train.Code);
        Assert.StartsWith("itt: error: CartPole-v1 itt: the configuration needs about ", train.Err.Trim());
        Assert.Equal(result, File.ReadAllBytes(Path.Combine(root.Path, "runs", "CartPole-v1__itt__1", RunResult.FileName)));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(root.Path, "runs", "CartPole-v1__itt__1", "metrics.csv")).Length);

        // ... while the runs can still be listed and reported, which trains nothing.
        var status = Run(Command("2000000000", "2", "--status"));
        Assert.True(status.Code == 0, status.Err);
        Assert.StartsWith("CartPole-v1__itt__1: finished, 2 it, final return ", status.Out);
        var report = Run(Command("2000000000", "2", "--report-only"));
        Assert.True(report.Code == 0, report.Err);
        Assert.Contains("(1 finished runs)", report.Out);
    }

    [Fact]
    public void AnUnfinishedRunsPaceIsTheMedianOfItsLatestIterationsUpToItsCheckpoint()
    {
        static IterationMetrics Row(int iteration, double seconds) => new(iteration, 0, 0, 0, 0, 0, seconds, 0);
        // Iterations 1–30 took 1 s, 31–60 took 3 s but for two slowed to 40 s by other work; 61–62 are past the
        // checkpoint at 60 (lost with the process). The last 50 up to 60 (11–60): 20 × 1 s, 28 × 3 s, 2 × 40 s.
        var rows = Enumerable.Range(1, 62).Select(i => Row(i, i switch { <= 30 => 1.0, 58 or 59 => 40.0, <= 60 => 3.0, _ => 1000.0 })).ToArray();
        Assert.Equal(50, ComparisonRunner.RecentIterations);
        Assert.Equal(3.0, ComparisonRunner.RecentPace(rows, 60)); // their mean would be 3.68; all 60 rows' median 2.0
        Assert.Equal(1.0, ComparisonRunner.RecentPace(rows, 35)); // a checkpoint at 35: rows 1–35, 30 × 1 s and 5 × 3 s
        Assert.Equal(2.5, ComparisonRunner.RecentPace([Row(1, 1), Row(2, 2), Row(3, 3), Row(4, 10)], 4)); // even count: mid-pair mean
        Assert.Null(ComparisonRunner.RecentPace([], 10));
    }

    [Fact]
    public void AnUnfinishedRunsTimeLeftIsTheMedianOfWhatTheFinishedRunsOfItsKindTookForTheSameIterations()
    {
        RunStatus Finished(string arch, params double[] seconds) =>
            new($"E__{arch}", "E", arch, RunState.Finished, seconds.Length, 10, null, seconds.Average(), seconds);
        RunStatus[] all =
        [
            Finished("itt", 1, 1, 1, 1, 1, 2, 2, 2, 2, 2), // iterations 6–10: 10 s
            Finished("itt", 1, 1, 1, 1, 1, 4, 4, 4, 4, 4), // 20 s
            Finished("itt", 3, 3, 3, 3, 3, 3, 3, 3, 3, 3), // 15 s
            Finished("itt", 9, 9, 9, 9, 9, 9), // stopped short of the budget (a wall-clock pass): no measure of 7–10
            Finished("iot", 50, 50, 50, 50, 50, 50, 50, 50, 50, 50), // another architecture
        ];
        RunStatus InProgress(int iterations) => new("E__itt", "E", "itt", RunState.InProgress, iterations, 10, null, 1.0);

        // Its own recent pace (1 s) would say 5 s; the finished runs' later iterations were slower.
        Assert.Equal(15.0, ComparisonRunner.SecondsLeft(InProgress(5), all));
        Assert.Equal(Summary.Median([2.0 + 2, 4.0 + 4, 3.0 + 3]), ComparisonRunner.SecondsLeft(InProgress(8), all));
        Assert.Equal(0.0, ComparisonRunner.SecondsLeft(InProgress(10), all));
    }

    [Fact]
    public void TimeLeftIsEachRunsRemainingIterationsAtItsPaceAndPendingRunsGoByTheOthersOfTheirKind()
    {
        RunStatus Status(string arch, RunState state, int iterations, double? pace) =>
            new($"E__{arch}", "E", arch, state, iterations, 100, null, pace);
        var finishedSlow = Status("itt", RunState.Finished, 100, 4.0);
        var inProgress = Status("itt", RunState.InProgress, 30, 5.0);
        var noMetricsYet = Status("itt", RunState.InProgress, 10, null);
        var pendingItt = Status("itt", RunState.Pending, 0, null);
        var pendingIot = Status("iot", RunState.Pending, 0, null);
        var otherTask = new RunStatus("F__iot", "F", "iot", RunState.Finished, 100, 100, null, 9.0);
        RunStatus[] all = [Status("itt", RunState.Finished, 100, 2.0), finishedSlow, inProgress, noMetricsYet, pendingItt, pendingIot, otherTask];

        Assert.Equal(0, ComparisonRunner.SecondsLeft(finishedSlow, all));
        Assert.Equal(70 * 5.0, ComparisonRunner.SecondsLeft(inProgress, all));
        Assert.Null(ComparisonRunner.SecondsLeft(noMetricsYet, all));
        Assert.Equal(100 * ((2.0 + 4.0 + 5.0) / 3), ComparisonRunner.SecondsLeft(pendingItt, all)); // finished and in-progress paces
        Assert.Null(ComparisonRunner.SecondsLeft(pendingIot, all)); // F's iot is another task

        Assert.Equal("40 s", ReportFormat.Duration(40.4));
        Assert.Equal("59 s", ReportFormat.Duration(59.4));
        Assert.Equal("1 min", ReportFormat.Duration(59.6));
        Assert.Equal("50 min", ReportFormat.Duration(3000));
        Assert.Equal("59 min", ReportFormat.Duration(3569));
        Assert.Equal("1.0 h", ReportFormat.Duration(3570));
        Assert.Equal("4.1 h", ReportFormat.Duration(4.12 * 3600));
    }

    [Fact]
    public void APendingRunWithNoPaceOfItsKindGoesByTheArchitecturesDifferenceOnOtherTasks()
    {
        RunStatus Status(string env, string arch, RunState state, double? pace) =>
            new($"{env}__{arch}", env, arch, state, state == RunState.Finished ? 100 : 0, 100, null, pace);
        var pendingIot = Status("E", "iot", RunState.Pending, null);
        var pendingItt = Status("E", "itt", RunState.Pending, null);
        var pendingSrp = Status("E", "itt-srp", RunState.Pending, null);
        RunStatus[] all =
        [
            Status("E", "itt", RunState.Finished, 2.0), Status("E", "explicit", RunState.Finished, 1.0), pendingIot, pendingItt, pendingSrp,
            Status("F", "itt", RunState.Finished, 3.0), Status("F", "iot", RunState.Finished, 30.0), Status("F", "explicit", RunState.Finished, 1.5),
            Status("G", "itt", RunState.Finished, 4.0), Status("G", "iot", RunState.Finished, 48.0),
        ];

        // E's iot through itt on F (2 + 30 − 3 = 29) and on G (2 + 48 − 4 = 46), through explicit on F (1 + 30 − 1.5 = 29.5):
        // the median, 29.5.
        Assert.Equal(100 * 29.5, ComparisonRunner.SecondsLeft(pendingIot, all));
        Assert.True(ComparisonRunner.GoesByOtherTasks(pendingIot, all));
        Assert.Equal(100 * 2.0, ComparisonRunner.SecondsLeft(pendingItt, all)); // its own kind's pace comes first
        Assert.False(ComparisonRunner.GoesByOtherTasks(pendingItt, all));
        Assert.Null(ComparisonRunner.SecondsLeft(pendingSrp, all)); // no task has a pace of itt-srp
        Assert.False(ComparisonRunner.GoesByOtherTasks(pendingSrp, all));

        // An estimate that is not positive (1 + 2 − 10) is no estimate.
        var pendingExplicit = Status("E", "explicit", RunState.Pending, null);
        RunStatus[] negative = [Status("E", "itt", RunState.Finished, 1.0), pendingExplicit,
            Status("F", "itt", RunState.Finished, 10.0), Status("F", "explicit", RunState.Finished, 2.0)];
        Assert.Null(ComparisonRunner.SecondsLeft(pendingExplicit, negative));
        Assert.False(ComparisonRunner.GoesByOtherTasks(pendingExplicit, negative));
    }

    [Fact]
    public void StatusSaysWhichEstimatesAreCarriedOverFromOtherTasks()
    {
        using var root = new TempFolder();
        var plan = new ComparisonPlan(["CartPole-v1", "Pendulum-v1"], [ComparisonArchitecture.Itt, ComparisonArchitecture.Find("explicit")!], 1,
            new ComparisonBudget(Iterations: 1), root.Path, Threads: 1, FinalEvaluationEpisodes: 1);
        ComparisonRunner.Run(plan);
        Directory.Delete(Path.Combine(root.Path, "runs", "Pendulum-v1__explicit__1"), recursive: true);
        // Set paces, so that the estimate does not hang on how long a one-iteration run happened to take.
        foreach (var (run, seconds) in new[] { ("CartPole-v1__itt__1", 30.0), ("CartPole-v1__explicit__1", 20.0), ("Pendulum-v1__itt__1", 50.0) })
        {
            string folder = Path.Combine(root.Path, "runs", run);
            (RunResult.Load(folder)! with { WallClockSeconds = seconds }).Save(folder);
        }

        var (code, output, error) = Run("compare", "--env", "CartPole-v1", "Pendulum-v1", "--arch", "itt", "explicit", "--seeds", "1",
            "--iterations", "1", "--out", root.Path, "--threads", "1", "--final-eval-episodes", "1", "--status");
        Assert.True(code == 0, error);
        Assert.Contains("Pendulum-v1__explicit__1: pending, 1 it, about 40 s left (carried over from other tasks)\n", output); // 50 + 20 − 30
        Assert.Contains("Pendulum-v1__itt__1: finished, 1 it", output);
        Assert.EndsWith("3 finished, 0 in progress, 1 pending; about 40 s of training left at the runs' measured paces", output.Trim());
    }

    [Fact]
    public void AWallClockPassStopsEarlyAndIsLabelled()
    {
        using var root = new TempFolder();
        var (code, _, error) = Run("compare", "--env", "CartPole-v1", "--arch", "itt", "itt-lazy", "--seeds", "1", "--wall-clock", "0.000001",
            "--out", root.Path, "--threads", "1", "--final-eval-episodes", "1");
        Assert.True(code == 0, error);
        foreach (var arch in new[] { "itt", "itt-lazy" })
        {
            var r = RunResult.Load(Path.Combine(root.Path, "runs", $"CartPole-v1__{arch}__1"))!;
            Assert.Equal(1, r.Iterations);
            Assert.Equal("wall-clock 0 s", r.Budget);
        }
        var config = JsonSerializer.Deserialize<TrainingConfig>(File.ReadAllText(Path.Combine(root.Path, "runs", "CartPole-v1__itt-lazy__1", "config.json")), Json.Options)!;
        Assert.Equal(5, config.ActionTowerEvery);
        Assert.Contains("cheaper pass", File.ReadAllText(Path.Combine(root.Path, "report", "README.md")));
    }

    [Theory]
    [InlineData("--arch", "transformer")]
    [InlineData("--seeds", "0")]
    [InlineData("--seeds", "-3")]
    [InlineData("--env", "NoSuchEnv-v0")]
    [InlineData("--iterations", "0")]
    [InlineData("--wall-clock", "0")]
    [InlineData("--wall-clock", "NaN")]
    [InlineData("--threads", "-1")]
    [InlineData("--final-eval-episodes", "0")]
    [InlineData("--checkpoint-every", "0")]
    [InlineData("--arch", "itt", "itt")]
    [InlineData("--env", "CartPole-v1", "Acrobot-v1", "--threshold", "1")]
    [InlineData("--threshold", "Infinity")]
    [InlineData("--seeds", "x")]
    public void BadInputGivesOneLineAndExitCode2(params string[] args)
    {
        using var root = new TempFolder();
        string folder = Path.Combine(root.Path, "cmp");
        var (code, _, error) = Run(["compare", "--out", folder, .. args]);
        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("itt: error: ", lines[0]);
        Assert.False(Directory.Exists(folder)); // nothing was created
    }
}
