using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Itt.Experiments.Reports;
using Itt.Tests.MuJoCo;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;

namespace Itt.Tests.Compare;

/// <summary>
/// experiments/campaign.sh with a tiny plan: a campaign stopped mid-run (SIGKILL, as when the machine is taken back),
/// committed, cloned and continued in the clone ends with the same θ, metrics and reports as an uninterrupted one.
/// </summary>
public class CampaignTests
{
    private const string Run = "comparisons/campaign/tiny/runs/Pendulum-v1__itt__1";

    [Fact]
    public void ACampaignResumedFromAFreshCloneMatchesAnUninterruptedOneBitForBit()
    {
        using var temp = new TempFolder();
        string stopped = Repository(Path.Combine(temp.Path, "stopped"));
        using (var campaign = Campaign(stopped))
        {
            // Stop it once the first checkpoint exists, long before its 150 iterations are done.
            var clock = Stopwatch.StartNew();
            while (!File.Exists(Path.Combine(stopped, Run, "checkpoint.itt")) && !campaign.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
                Thread.Sleep(10);
            campaign.Kill(entireProcessTree: true);
            campaign.WaitForExit();
        }
        Assert.True(File.Exists(Path.Combine(stopped, Run, "checkpoint.itt")), "the campaign wrote no checkpoint");
        Assert.False(File.Exists(Path.Combine(stopped, Run, "results.json")), "the run finished before it could be stopped");
        Git(stopped, "add", "-A");
        Git(stopped, "commit", "-q", "-m", "campaign progress");

        string resumed = Path.Combine(temp.Path, "resumed");
        Git(temp.Path, "clone", "-q", stopped, resumed);
        int done = Checkpoint.Load(Path.Combine(resumed, Run, "checkpoint.itt")).State.Iteration;
        string status = Status(resumed);
        Assert.Contains("== tiny\n", status);
        Assert.Contains($"Pendulum-v1__itt__1: in progress, {done} of 150 it\n", status);
        Assert.EndsWith("(150 iterations): 0 finished, 1 in progress, 0 pending\ncampaign: 1 run unfinished, none with a pace to go by\n", status);
        Assert.Equal("", Git(resumed, "status", "--porcelain")); // --status trains, writes and commits nothing
        Finish(resumed);
        Assert.EndsWith("campaign: every run of the plan is finished\n", Status(resumed));
        Assert.Contains("Pendulum-v1__itt__1: finished, 150 it", Status(resumed));
        PlanTotalCountsEachRunOnceAtItsLastStep(resumed);
        string whole = Repository(Path.Combine(temp.Path, "whole"));
        Finish(whole);

        var (_, a) = Checkpoint.Load(Path.Combine(resumed, Run, "checkpoint.itt"));
        var (_, b) = Checkpoint.Load(Path.Combine(whole, Run, "checkpoint.itt"));
        Assert.Equal(150, a.Iteration);
        Assert.Equal(b.Theta, a.Theta);
        Assert.Equal(Deterministic(Path.Combine(whole, Run, "metrics.csv")), Deterministic(Path.Combine(resumed, Run, "metrics.csv")));
        foreach (var table in new[] { "table1-final-returns.md", "table3-steps-to-threshold.md" })
            Assert.Equal(File.ReadAllText(Path.Combine(whole, "comparisons/campaign/tiny/report", table)),
                File.ReadAllText(Path.Combine(resumed, "comparisons/campaign/tiny/report", table)));
        Assert.Contains("campaign: tiny, seeds 1..1", Git(resumed, "log", "--format=%s")); // the script committed its progress
    }

    /// <summary>
    /// With seed 1 finished, a plan that adds seed 2 at 150 iterations (paced by seed 1), then extends both seeds to 300
    /// (seed 1 paced by its own recent iterations), then adds a step with no pace: each run counts once, as the last step
    /// that lists it says, so seed 2's estimate at 150 is replaced by its estimate at 300, not added to it.
    /// </summary>
    private static void PlanTotalCountsEachRunOnceAtItsLastStep(string repository)
    {
        string plan = Path.Combine(repository, "experiments/campaign.plan");
        string original = File.ReadAllText(plan);
        File.WriteAllText(plan, string.Join('\n',
            "tiny | --env Pendulum-v1 --arch itt --seeds 2 --iterations 150 --checkpoint-every 2 --final-eval-episodes 2",
            "tiny | --env Pendulum-v1 --arch itt --seeds 2 --iterations 300 --checkpoint-every 2 --final-eval-episodes 2",
            "later | --env Pendulum-v1 --arch iot --seeds 1 --iterations 150", ""));
        string status = Status(repository);
        File.WriteAllText(plan, original);

        double Left(string run) => Seconds(Regex.Match(status, "^" + Regex.Escape(run) + @", about ([0-9.]+) (s|min|h) left$", RegexOptions.Multiline));
        Assert.Matches(new Regex(@"^Pendulum-v1__itt__2: pending, 150 it, about [0-9.]+ (s|min|h) left$", RegexOptions.Multiline), status); // replaced below
        double total = Left("Pendulum-v1__itt__1: in progress, 150 of 300 it") + Left("Pendulum-v1__itt__2: pending, 300 it");
        Assert.Contains("Pendulum-v1__iot__1: pending, 150 it\n", status);
        Assert.Equal($"campaign: 3 runs unfinished; about {ReportFormat.Duration(total)} of training left at the measured paces, " +
            "not counting 1 run with no pace to go by", status.TrimEnd('\n').Split('\n')[^1]);
    }

    /// <summary>The seconds of an "about V U left" match (U: s, min or h); fails the test when it did not match.</summary>
    private static double Seconds(Match about)
    {
        Assert.True(about.Success, "no time-left estimate where one was expected");
        return double.Parse(about.Groups[1].Value, CultureInfo.InvariantCulture) * about.Groups[2].Value switch
        {
            "h" => 3600,
            "min" => 60,
            _ => 1,
        };
    }

    private const string TinyStep = "tiny | --env Pendulum-v1 --arch itt --seeds 1 --iterations 150 --checkpoint-every 2 --final-eval-episodes 2\n";

    [Fact]
    public void AFailingStepIsSaidInTheLogAndTheCampaignGoesOn()
    {
        using var temp = new TempFolder();
        string repository = Repository(temp.Path, "broken | --env NoSuchEnv-v0 --arch itt --seeds 1 --iterations 2\n" + TinyStep);
        var log = new List<string>();
        using (var campaign = Campaign(repository, onError: line => { lock (log) log.Add(line); }))
        {
            Assert.True(campaign.WaitForExit(TimeSpan.FromMinutes(3)), "the campaign did not finish");
            campaign.WaitForExit();
            Assert.Equal(0, campaign.ExitCode);
        }
        Assert.Contains("campaign: broken, seed 1 failed (exit 2); going on", log);
        Assert.True(File.Exists(Path.Combine(repository, Run, "results.json")), "the step after the failing one did not run");
    }

    /// <summary>
    /// `campaign.sh --stop` (waiting for an iteration to end, or not), or SIGTERM to the campaign's process group (a
    /// terminal's Ctrl-C, a shutdown), while a run trains: the run stops with a checkpoint that holds every metrics row,
    /// the campaign commits it and exits; a second campaign is refused while the first one runs.
    /// </summary>
    [Theory]
    [InlineData("--stop")]
    [InlineData("--stop --now")]
    [InlineData("SIGTERM to the process group")]
    public void AStopEndsTheRunAtACheckpointAndCommitsIt(string how)
    {
        using var temp = new TempFolder();
        // Far more iterations than it will run, so that it is still training when stopped however slow the machine.
        string repository = Repository(temp.Path, TinyStep.Replace("--iterations 150", "--iterations 100000"));
        var log = new List<string>();
        // In a session of its own, as `setsid` starts it in the README, so that its process group is the campaign's alone.
        // With its periodic committer, which a group's signal reaches too.
        using var campaign = Campaign(repository, onError: line => { lock (log) log.Add(line); }, session: true, commitEvery: 600);
        string metrics = Path.Combine(repository, Run, "metrics.csv");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length > 5) && !campaign.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            Thread.Sleep(10);
        Assert.False(campaign.HasExited, "the campaign ended before it could be stopped");

        var (refused, refusal) = Script(repository);
        Assert.Equal(2, refused);
        Assert.Matches(@"^campaign: already running \(pid [0-9]+\); stop it with experiments/campaign.sh --stop\n$", refusal);

        if (how == "--stop")
        {
            var (code, output) = Script(repository, "--stop");
            Assert.Equal(0, code);
            Assert.Matches(@"^campaign: stopping when an iteration ends \(the latest, Pendulum-v1__itt__1's, took [0-9]+ s\); --stop --now does not wait\n" +
                "campaign: stopped, progress committed\n$", output);
        }
        else if (how == "--stop --now")
            Assert.Equal((0, "campaign: stopped, progress committed\n"), Script(repository, "--stop", "--now"));
        else
            Process.Start("kill", ["-TERM", "--", $"-{campaign.Id}"])!.WaitForExit();
        Assert.True(campaign.WaitForExit(TimeSpan.FromSeconds(60)), "the campaign did not stop");
        campaign.WaitForExit(); // the log's last lines
        Assert.Equal(130, campaign.ExitCode);
        Assert.Contains("campaign: stopped during tiny, seed 1; run it again to resume", log);
        Assert.DoesNotContain(log, line => line.Contains("failed"));

        int iteration = Checkpoint.Load(Path.Combine(repository, Run, "checkpoint.itt")).State.Iteration;
        Assert.True(iteration > 5, $"stopped at iteration {iteration}");
        Assert.Equal(iteration + 1, File.ReadAllLines(metrics).Length); // a header and one row per iteration: none lost
        Assert.Equal("campaign: stopped\n", Git(repository, "log", "-1", "--format=%s"));
        Assert.Equal("", Git(repository, "status", "--porcelain", "--untracked-files=all", "--", "comparisons"));
        Assert.False(File.Exists(Path.Combine(repository, ".git/itt-campaign.pid")));
        Assert.Equal((0, "campaign: not running\n"), Script(repository, "--stop"));
    }

    /// <summary>
    /// `--stop` signals nothing while the run's iteration is under way: a signalled itt stops at the end of its iteration
    /// or after 20 s, and a DM Control IOT iteration takes minutes, so a signal in the middle of one would lose it. Here
    /// the training process is frozen (SIGSTOP): no SIGTERM is pending for it until it is let go and has written its
    /// next metrics row; then the campaign stops and commits as before.
    /// </summary>
    [Fact]
    public void StopWaitsForTheIterationInProgressToEndBeforeItSignals()
    {
        using var temp = new TempFolder();
        string repository = Repository(temp.Path, TinyStep.Replace("--iterations 150", "--iterations 100000"));
        using var campaign = Campaign(repository, onError: _ => { }, session: true);
        string metrics = Path.Combine(repository, Run, "metrics.csv");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(metrics) && File.ReadAllLines(metrics).Length > 5) && !campaign.HasExited && clock.Elapsed < TimeSpan.FromMinutes(2))
            Thread.Sleep(10);
        Assert.False(campaign.HasExited, "the campaign ended before it could be stopped");
        // The campaign's one child: `nice` execs `dotnet itt.dll compare` in its place.
        int trainer = int.Parse(Command("pgrep", null, "-P", campaign.Id.ToString(CultureInfo.InvariantCulture), "-f", "itt.dll compare").Trim(), CultureInfo.InvariantCulture);
        Command("kill", null, "-STOP", trainer.ToString(CultureInfo.InvariantCulture));
        int rows = File.ReadAllLines(metrics).Length;
        using var stop = Campaign(repository, ["--stop"]);
        try
        {
            Assert.StartsWith("campaign: stopping when an iteration ends", stop.StandardOutput.ReadLine());
            Thread.Sleep(2000); // time enough for a stop that signals at once to have done so
            Assert.False(stop.HasExited);
            Assert.False(TermPending(trainer), "--stop signalled the run in the middle of its iteration");
        }
        finally
        {
            Command("kill", null, "-CONT", trainer.ToString(CultureInfo.InvariantCulture)); // never leave it frozen
        }
        Assert.Equal("campaign: stopped, progress committed", stop.StandardOutput.ReadLine());
        Assert.True(stop.WaitForExit(TimeSpan.FromMinutes(1)) && stop.ExitCode == 0, "--stop did not end well");
        Assert.True(campaign.WaitForExit(TimeSpan.FromSeconds(60)), "the campaign did not stop");
        Assert.Equal(130, campaign.ExitCode);
        int iteration = Checkpoint.Load(Path.Combine(repository, Run, "checkpoint.itt")).State.Iteration;
        Assert.True(iteration + 1 > rows, $"stopped at iteration {iteration}, before the row the frozen iteration owed ({rows} lines then)");
        Assert.Equal(iteration + 1, File.ReadAllLines(metrics).Length);
        Assert.Equal("", Git(repository, "status", "--porcelain", "--untracked-files=all", "--", "comparisons"));
    }

    /// <summary>Whether SIGTERM (signal 15, mask bit 1 &lt;&lt; 14) is pending for the process: /proc/PID/status's SigPnd or ShdPnd.</summary>
    private static bool TermPending(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("SigPnd:", StringComparison.Ordinal) || l.StartsWith("ShdPnd:", StringComparison.Ordinal))
            .Any(l => (ulong.Parse(l.Split(':')[1].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & (1UL << 14)) != 0);

    /// <summary>Runs a program (in <paramref name="directory"/>, if given) and returns its stdout; it must exit 0.</summary>
    private static string Command(string file, string? directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory ?? "", RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {errors.Result}");
        return output;
    }

    /// <summary>Runs campaign.sh with these arguments (none: a training run that is expected to be refused); exit code and stdout+stderr.</summary>
    private static (int Code, string Output) Script(string repository, params string[] arguments)
    {
        using var script = Campaign(repository, arguments);
        var errors = script.StandardError.ReadToEndAsync();
        string output = script.StandardOutput.ReadToEnd();
        Assert.True(script.WaitForExit(TimeSpan.FromMinutes(3)), $"campaign.sh {string.Join(' ', arguments)} did not finish");
        return (script.ExitCode, output + errors.Result);
    }

    /// <summary>A git repository holding the campaign script and a plan (by default one tiny step).</summary>
    private static string Repository(string path, string plan = "# a tiny campaign (the plan's comments may hold quotes)\n" + TinyStep)
    {
        Directory.CreateDirectory(Path.Combine(path, "experiments"));
        File.Copy(Path.Combine(MuJoCoTestSupport.RepositoryRoot(), "experiments/campaign.sh"), Path.Combine(path, "experiments/campaign.sh"));
        File.WriteAllText(Path.Combine(path, "experiments/campaign.plan"), plan);
        Git(path, "init", "-q");
        Git(path, "add", "-A");
        Git(path, "commit", "-q", "-m", "plan");
        return path;
    }

    private static string Status(string repository)
    {
        using var campaign = Campaign(repository, ["--status"]);
        string output = campaign.StandardOutput.ReadToEnd();
        Assert.True(campaign.WaitForExit(TimeSpan.FromMinutes(1)), "campaign.sh --status did not finish");
        Assert.Equal(0, campaign.ExitCode);
        return output;
    }

    /// <summary>
    /// A step whose `itt compare --status` fails (here an unknown environment) is named and fails --status, after the
    /// other steps' lines, instead of a total that would count its runs as finished.
    /// </summary>
    [Fact]
    public void AStepWhoseStatusFailsLeavesNoTotal()
    {
        using var temp = new TempFolder();
        string repository = Repository(temp.Path, "broken | --env NoSuchEnv-v0 --arch itt --seeds 1\n" + TinyStep);
        var (code, output) = Script(repository, "--status");
        Assert.NotEqual(0, code);
        Assert.Contains("unknown environment 'NoSuchEnv-v0'", output);
        Assert.Contains("Pendulum-v1__itt__1: pending, 150 it\n", output);
        Assert.Contains("campaign: no total, since the status of broken failed (its error is above)\n", output);
        Assert.DoesNotContain("every run of the plan is finished", output);
        Assert.DoesNotContain("!! ", output);
        Assert.Equal("", Git(repository, "status", "--porcelain"));
    }

    /// <summary>A commit that fails (here a stale index.lock, as a machine stopped mid-commit leaves) is said in the log.</summary>
    [Fact]
    public void ACommitThatFailsIsSaidInTheLog()
    {
        using var temp = new TempFolder();
        string repository = Repository(temp.Path);
        File.WriteAllText(Path.Combine(repository, ".git/index.lock"), "");
        var log = new List<string>();
        using (var campaign = Campaign(repository, onError: line => { lock (log) log.Add(line); }))
        {
            Assert.True(campaign.WaitForExit(TimeSpan.FromMinutes(3)), "the campaign did not finish");
            campaign.WaitForExit(); // the log's last lines
            Assert.Equal(0, campaign.ExitCode);
        }
        Assert.True(File.Exists(Path.Combine(repository, Run, "results.json")), "the run did not finish");
        Assert.Contains(log, line => line.StartsWith("campaign: could not stage progress: ") && line.Contains("index.lock"));
        File.Delete(Path.Combine(repository, ".git/index.lock"));
        Assert.Contains(Run, Git(repository, "status", "--porcelain", "--untracked-files=all")); // left for the next commit
    }

    /// <summary>
    /// Starts campaign.sh: with <paramref name="arguments"/> (--status, --stop, …, or none) for a caller that reads its
    /// output; without, as a campaign whose log lines go to <paramref name="onError"/>.
    /// </summary>
    private static Process Campaign(string repository, string[]? arguments = null, Action<string>? onError = null, bool session = false, int commitEvery = 0)
    {
        string[] command = ["bash", Path.Combine(repository, "experiments/campaign.sh"), .. arguments ?? []];
        // setsid execs the script in a new session (this process is no group leader), so the script's pid is its group's id.
        var start = new ProcessStartInfo(session ? "setsid" : command[0], session ? command : command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["CAMPAIGN_ITT"] = Path.Combine(AppContext.BaseDirectory, "itt.dll");
        start.Environment["CAMPAIGN_COMMIT_EVERY"] = commitEvery.ToString(CultureInfo.InvariantCulture);
        start.Environment["CAMPAIGN_EVAL_EPISODES"] = "2";
        var process = Process.Start(start)!;
        if (arguments is not null) return process; // the caller reads its output
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onError?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Finish(string repository)
    {
        using var campaign = Campaign(repository);
        Assert.True(campaign.WaitForExit(TimeSpan.FromMinutes(3)), "the campaign did not finish");
        Assert.Equal(0, campaign.ExitCode);
    }

    /// <summary>metrics.csv without its timing columns (seconds, elapsed), which no two runs share.</summary>
    private static string[] Deterministic(string metrics)
        => File.ReadAllLines(metrics).Select(line => string.Join(',', line.Split(',')[..^2])).ToArray();

    private static string Git(string directory, params string[] arguments) =>
        Command("git", directory, ["-c", "user.name=itt tests", "-c", "user.email=tests@localhost", .. arguments]);
}
