using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Itt.Cli.Commands;
using Itt.Cluster.Hosting;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>
/// Real trainer and worker processes started, stopped and failed the ways a user or a machine does it: each path ends
/// within its documented time (docs/cluster.md) with one line and its documented exit code. Every silo's port, workers'
/// included, comes from this process's <see cref="ClusterNode.FreePort"/>, so that parallel tests never share one.
/// </summary>
public class ClusterLifecycleTests(Xunit.Abstractions.ITestOutputHelper log)
{
    private const int SigInt = 2, SigTerm = 15;

    private static string IttDll => Path.Combine(AppContext.BaseDirectory, "itt.dll");

    private static readonly string[] Workload =
        ["--seed", "5", "-M", "24", "--rollout-episodes", "8", "--width", "16", "--latent", "16", "--threads", "1", "--no-progress", "--final-eval-episodes", "0"];

    /// <summary>Waits for the exit and returns (code, seconds since <paramref name="since"/>), logging them (the figures in docs/cluster.md).</summary>
    private (int Code, double Seconds) ExitOf(IttProcess process, Stopwatch since, TimeSpan limit, [System.Runtime.CompilerServices.CallerMemberName] string test = "")
    {
        int code = process.WaitForExit(limit);
        log.WriteLine($"measured: {test}: exit {code} after {since.Elapsed.TotalSeconds:0.0} s");
        return (code, since.Elapsed.TotalSeconds);
    }

    private static string[] ErrorLines(IttProcess process, string prefix)
        => process.Output.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public void ATrainerWaitingForWorkersStopsOnASignalAndLeavesNothing(int signal)
    {
        using var root = new TempFolder();
        int port = ClusterNode.FreePort();
        using var trainer = IttProcess.Start(["train", "--cluster", "--primary-port", port.ToString(), "--wait-for-workers", "1",
            "--runs-dir", root.Path, .. Workload], IttDll);
        trainer.WaitFor("waiting for 1 worker", TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        Assert.True(trainer.Signal(signal));
        var (code, seconds) = ExitOf(trainer, clock, TimeSpan.FromSeconds(60));
        Assert.True(code == StopSignals.ExitCode, trainer.Output);
        Assert.True(seconds < StopSignals.Grace.TotalSeconds, $"{seconds:0.0} s\n{trainer.Output}");
        Assert.Single(ErrorLines(trainer, "itt: "));
        Assert.Contains("itt: interrupted before training started", trainer.Output);
        Assert.Empty(Directory.GetFileSystemEntries(root.Path));
    }

    [Fact]
    public void ATrainingClusterTrainerStopsOnSigtermWithAResumableCheckpoint()
    {
        using var root = new TempFolder();
        using var trainer = IttProcess.Start(["train", "--cluster", "--primary-port", ClusterNode.FreePort().ToString(), "--iterations", "100000",
            "--runs-dir", root.Path, .. Workload], IttDll);
        trainer.WaitFor("run folder:", TimeSpan.FromSeconds(90));
        Thread.Sleep(TimeSpan.FromSeconds(2)); // training is under way
        var clock = Stopwatch.StartNew();
        Assert.True(trainer.Signal(SigTerm));
        var (code, seconds) = ExitOf(trainer, clock, TimeSpan.FromSeconds(60));
        Assert.True(code == StopSignals.ExitCode, trainer.Output);
        Assert.True(seconds < StopSignals.Grace.TotalSeconds, $"{seconds:0.0} s\n{trainer.Output}");
        Assert.Contains("interrupted at iteration", trainer.Output);
        string folder = Directory.GetDirectories(root.Path).Single();
        Assert.True(Checkpoint.Load(Path.Combine(folder, "checkpoint.itt")).State.Iteration > 0);
    }

    [Fact]
    public void ASecondTrainerOnTheSamePrimaryPortIsRefusedAtOnce()
    {
        using var root = new TempFolder();
        int port = ClusterNode.FreePort();
        using var first = IttProcess.Start(["train", "--cluster", "--primary-port", port.ToString(), "--wait-for-workers", "1",
            "--runs-dir", root.Path, .. Workload], IttDll);
        first.WaitFor("waiting for 1 worker", TimeSpan.FromSeconds(60));
        using var second = IttProcess.Start(["train", "--cluster", "--primary-port", port.ToString(), "--wait-for-workers", "1",
            "--runs-dir", root.Path, .. Workload], IttDll);
        Assert.True(second.WaitForExit(TimeSpan.FromSeconds(60)) == 2, second.Output);
        Assert.Equal([$"itt: error: silo port {port} is in use (another trainer or worker on this machine? choose another --silo-port or --primary-port)"],
            ErrorLines(second, "itt: "));
        Assert.DoesNotContain("   at ", second.Output);
        Assert.False(first.HasExited); // the first trainer is unharmed
        Assert.Empty(Directory.GetDirectories(root.Path));
    }

    [Fact]
    public void AWorkerOfAnotherClusterIdGivesUpAfterItsJoinTimeoutInOneLine()
    {
        int port = ClusterNode.FreePort();
        using var trainer = IttProcess.Start(["train", "--cluster", "--primary-port", port.ToString(), "--wait-for-workers", "1",
            "--runs-dir", Path.GetTempPath(), .. Workload], IttDll);
        trainer.WaitFor("waiting for 1 worker", TimeSpan.FromSeconds(60));
        using var worker = IttProcess.Start(["worker", "--silo-port", ClusterNode.FreePort().ToString(), "--primary-port", port.ToString(), "--cluster-id", "other", "--join-timeout", "5"], IttDll);
        var clock = Stopwatch.StartNew();
        var (code, seconds) = ExitOf(worker, clock, TimeSpan.FromSeconds(60));
        Assert.True(code == 2, worker.Output);
        Assert.InRange(seconds, 4, 30);
        var line = Assert.Single(ErrorLines(worker, "itt: "));
        Assert.StartsWith("itt: error: could not join cluster 'other' within 5 s", line);
        Assert.DoesNotContain("   at ", worker.Output);
        trainer.Kill();
    }

    [Fact]
    public void AWorkerStillJoiningStopsOnCtrlCInOneLine()
    {
        using var worker = IttProcess.Start(["worker", "--silo-port", ClusterNode.FreePort().ToString(), "--primary-port", ClusterNode.FreePort().ToString(), "--join-timeout", "300"], IttDll);
        Thread.Sleep(TimeSpan.FromSeconds(3)); // started, not joined: nothing listens at the primary port
        var clock = Stopwatch.StartNew();
        Assert.True(worker.Signal(SigInt));
        var (code, seconds) = ExitOf(worker, clock, TimeSpan.FromSeconds(60));
        Assert.True(code == StopSignals.ExitCode, worker.Output);
        Assert.True(seconds < StopSignals.Grace.TotalSeconds, $"{seconds:0.0} s\n{worker.Output}");
        Assert.Equal(["itt: worker stopped before it joined a cluster"], ErrorLines(worker, "itt: "));
        Assert.DoesNotContain("A task was canceled", worker.Output);
    }

    [Fact]
    public void ALocalhostWorkerStopsSoonAfterItsTrainerIsKilled()
    {
        using var root = new TempFolder();
        int port = ClusterNode.FreePort();
        using var trainer = IttProcess.Start(["train", "--cluster", "--primary-port", port.ToString(), "--wait-for-workers", "1",
            "--runs-dir", root.Path, .. Workload], IttDll);
        trainer.WaitFor("waiting for 1 worker", TimeSpan.FromSeconds(60));
        using var worker = IttProcess.Start(["worker", "--silo-port", ClusterNode.FreePort().ToString(), "--primary-port", port.ToString()], IttDll);
        worker.WaitFor(WorkerCommand.ReadyLine, TimeSpan.FromSeconds(60));
        var clock = Stopwatch.StartNew();
        trainer.Kill();
        var (code, seconds) = ExitOf(worker, clock, TimeSpan.FromSeconds(60));
        Assert.True(code == 0, worker.Output);
        // The design's bound, not a speed target (3.1 s measured): probes a second apart, each waiting up to a second, then
        // the silo's stop timeout. Without the probes the worker would wait for the 60 s above.
        double bound = PrimaryPortWatch.Probes * 2 + ClusterNode.StopTimeout.TotalSeconds;
        Assert.True(seconds < bound, $"{seconds:0.0} s, bound {bound:0} s\n{worker.Output}");
        Assert.Contains("stopping", worker.Output);
    }

    [Fact]
    public void WhenRedisDiesMidRunTheTrainerAndTheWorkerStillEnd()
    {
        int redisPort = ClusterNode.FreePort();
        using var redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", redisPort.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            { RedirectStandardOutput = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("redis-server did not start (scripts/setup.sh installs it)");
        using var root = new TempFolder();
        try
        {
            LoopbackPort.WaitUntilOpen(redisPort, TimeSpan.FromSeconds(20));
            string id = "lost-" + Guid.NewGuid().ToString("N")[..8];
            string[] redisArgs = ["--redis", $"127.0.0.1:{redisPort}", "--advertise", "127.0.0.1", "--cluster-id", id];
            using var trainer = IttProcess.Start(["train", "--cluster", .. redisArgs, "--silo-port", ClusterNode.FreePort().ToString(), "--wait-for-workers", "1",
                "--iterations", "40", "--runs-dir", root.Path, .. Workload], IttDll);
            trainer.WaitFor("waiting for 1 worker", TimeSpan.FromSeconds(60));
            using var worker = IttProcess.Start(["worker", .. redisArgs, "--silo-port", ClusterNode.FreePort().ToString(), "--threads", "1"], IttDll);
            worker.WaitFor(WorkerCommand.ReadyLine, TimeSpan.FromSeconds(60));
            trainer.WaitFor("run folder:", TimeSpan.FromSeconds(90));
            Thread.Sleep(TimeSpan.FromSeconds(1));
            redis.Kill();
            redis.WaitForExit();

            // The trainer finishes (its own silo keeps evaluating) and exits, its silo given up on within the stop timeout.
            var (code, _) = ExitOf(trainer, Stopwatch.StartNew(), TimeSpan.FromSeconds(180));
            log.WriteLine(trainer.Output);
            Assert.True(code is 0 or 1, trainer.Output);
            Assert.True(ErrorLines(trainer, "itt: ").Length <= 1, trainer.Output);
            if (code == 0)
            {
                var (config, state) = Checkpoint.Load(Path.Combine(Directory.GetDirectories(root.Path).Single(), "checkpoint.itt"));
                Assert.Equal(Bits(Train(config with { Threads = 2 })), Bits(state.Theta));
            }

            var clock = Stopwatch.StartNew();
            Assert.True(worker.Signal(SigTerm) || worker.HasExited);
            var (workerCode, seconds) = ExitOf(worker, clock, TimeSpan.FromSeconds(60));
            Assert.True(workerCode is 0 or StopSignals.ExitCode, worker.Output);
            Assert.True(seconds < StopSignals.Grace.TotalSeconds + 1, $"{seconds:0.0} s\n{worker.Output}");
        }
        finally
        {
            if (!redis.HasExited) redis.Kill();
        }
    }

    /// <summary>
    /// In a process of its own, as a user runs it: inside the test host, parallel tests could starve the thread pool that
    /// delivers the refused connection, and the 5 s deadline then won the race ("no answer within 5 s").
    /// </summary>
    [Fact]
    public void AnUnreachableRedisIsNamedInOneLine()
    {
        int port = ClusterNode.FreePort(); // nothing listens there
        using var worker = IttProcess.Start(["worker", "--redis", $"127.0.0.1:{port}"], IttDll);
        Assert.Equal(2, worker.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Equal([$"itt: error: cannot reach Redis at 127.0.0.1:{port} (ConnectionRefused)"], ErrorLines(worker, "itt: "));
    }
}

/// <summary>The resend bound the README and docs/cluster.md promise is the one the options enforce.</summary>
public class ResendBoundTests
{
    [Fact]
    public void ADefaultChunkIsRetriedWithDoublingWaitsForAtLeast47AndAHalfSeconds()
    {
        var options = new Itt.Cluster.Evaluation.ClusterEvaluatorOptions();
        Assert.Equal(8, options.MaxAttempts);
        Assert.Equal([0.5, 1, 2, 4, 8, 16, 16], Enumerable.Range(1, 7).Select(k => options.RetryAfter(k).TotalSeconds));
        Assert.Equal(47.5, options.RetryWindow.TotalSeconds);
        string root = Itt.Tests.MuJoCo.MuJoCoTestSupport.RepositoryRoot();
        foreach (var doc in new[] { "README.md", "docs/cluster.md" })
        {
            string text = File.ReadAllText(Path.Combine(root, doc));
            Assert.Contains("47.5 s", text);
            Assert.Contains("0.5 s", text);
            Assert.Contains("16 s", text);
        }
    }
}
