using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Itt.Cli;
using Itt.Tests.Training;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Cli;

/// <summary>
/// Every command fed input a new user could type: each gives exit code 2, exactly one stderr line that names the
/// problem, no stack trace, and leaves every existing file as it was (and creates none).
/// </summary>
public class BadInputTests
{
    private const string RunToken = "{run}";

    private static (int Code, string Out, string Err) Run(params string[] args) => IttCommand.Run(args);

    /// <summary>Every file under <paramref name="root"/> with its bytes, hidden ones included (a held lock file only by name: it is empty and cannot be read while held).</summary>
    private static Dictionary<string, string> Snapshot(string root)
        => Directory.GetFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            .ToDictionary(p => p, p => Path.GetFileName(p) == ".lock" ? "lock" : File.Exists(p) ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(p))) : "dir");

    private static string TrainedRun(string root, int iterations = 2)
    {
        var (code, _, error) = Run("train", "--iterations", iterations.ToString(), "--runs-dir", root, "--final-eval-episodes", "1", "--no-progress");
        Assert.True(code == 0, error);
        return Directory.GetDirectories(root).Single();
    }

    /// <summary>Runs <paramref name="args"/> and checks the bad-input contract; returns the one stderr line.</summary>
    private static string AssertRefused(string root, string[] args)
    {
        var before = Snapshot(root);
        var (code, _, error) = Run(args);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("itt: error: ", lines[0]);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("Exception", error);
        Assert.Equal(before, Snapshot(root));
        return lines[0];
    }

    [Theory]
    // 1. sizes that would overflow or exhaust memory are refused from the estimate, before anything is allocated
    [InlineData("perturbation block", "train", "-M", "2147483647", "--iterations", "3")]
    [InlineData("memory", "train", "--env", "MountainCarContinuous-v0", "-N", "1000000000")]
    [InlineData("limit", "train", "--state-layers", "1000000000")]
    [InlineData("limit", "train", "--action-layers", "1000000000")]
    [InlineData("limit", "train", "--policy", "iot", "--layers", "1000000000")]
    [InlineData("limit", "train", "--policy", "explicit", "--layers", "3", "--width", "1000000000")]
    [InlineData("limit", "train", "--env", "Pendulum-v1", "--latent", "1000000000")]
    [InlineData("episode results", "train", "--final-eval-episodes", "1000000000")]
    [InlineData("episode results", "eval", RunToken, "-K", "1000000000")]
    // 6. messages that name the problem
    [InlineData("--sigma needs a value", "train", "--sigma", "--iterations", "3")]
    [InlineData("--runs-dir needs a value", "train", "--runs-dir", "--iterations", "3")]
    [InlineData("did you mean 'train'", "trian")]
    [InlineData("decide, search, lazy, throughput, wallclock, kernels, cluster", "bench", "fast")]
    [InlineData("itt bench needs a command", "bench")]
    [InlineData("--runs-dir is empty", "train", "--runs-dir", "")]
    // 7. nonsense that used to run
    [InlineData("--final-eval-episodes must be 0 or more", "train", "--final-eval-episodes", "-1")]
    // further bad input: train
    [InlineData("learning rate", "train", "--eta", "0")]
    [InlineData("initial std", "train", "--init-std", "-1")]
    [InlineData("episodes per rollout", "train", "--rollout-episodes", "0")]
    [InlineData("evaluation episodes", "train", "--iteration-eval-episodes", "-1")]
    [InlineData("checkpoint interval", "train", "--checkpoint-every", "0")]
    [InlineData("action-tower update interval", "train", "--lazy-every", "0")]
    [InlineData("hash bits", "train", "--index", "srp", "--hash-bits", "17")]
    [InlineData("probe budget", "train", "--probe-budget", "-1")]
    [InlineData("random features", "train", "--rft-features", "0")]
    [InlineData("--seed: '-1' is not a whole number >= 0", "train", "--seed", "-1")]
    [InlineData("--iterations: '99999999999' is not a whole number", "train", "--iterations", "99999999999")]
    [InlineData("widths must be at least 1", "train", "--width", "0")]
    [InlineData("--sampling: 'sometimes'", "train", "--sampling", "sometimes")]
    [InlineData("--resume needs a value", "train", "--resume")]
    [InlineData("--wait-for-workers must be 0 or more", "train", "--cluster", "--wait-for-workers", "-1")]
    [InlineData("--chunk-timeout", "train", "--cluster", "--chunk-timeout", "0")]
    [InlineData("cluster options need --cluster", "train", "--workers-only")]
    [InlineData("--join-timeout", "train", "--cluster", "--join-timeout", "-5")]
    // eval
    [InlineData("--episodes must be at least 1", "eval", RunToken, "-K", "0")]
    [InlineData("--threads must be 0 or more", "eval", RunToken, "--threads", "-1")]
    [InlineData("--index: 'fancy'", "eval", RunToken, "--index", "fancy")]
    [InlineData("the run folder path is empty", "eval", "")]
    [InlineData("itt eval needs the <run> argument", "eval")]
    [InlineData("no checkpoint in run folder", "eval", "{root}")]
    // compare
    [InlineData("--seeds must be at least 1", "compare", "--seeds", "0", "--out", "{root}/c")]
    [InlineData("--arch: 'transformer'", "compare", "--arch", "transformer", "--out", "{root}/c")]
    [InlineData("unknown environment 'NoSuchEnv-v0'", "compare", "--env", "NoSuchEnv-v0", "--out", "{root}/c")]
    [InlineData("--threshold must be a finite number", "compare", "--threshold", "NaN", "--out", "{root}/c")]
    [InlineData("--threshold applies to a single --env", "compare", "--env", "CartPole-v1", "MountainCar-v0", "--threshold", "100", "--out", "{root}/c")]
    [InlineData("--final-eval-episodes must be at least 1", "compare", "--final-eval-episodes", "0", "--out", "{root}/c")]
    [InlineData("--checkpoint-every must be at least 1", "compare", "--checkpoint-every", "0", "--out", "{root}/c")]
    [InlineData("holds no comparison runs", "compare", "--report-only", "--out", "{root}/typo-folder")]
    // bench
    [InlineData("--steps must be at least 1", "bench", "decide", "--steps", "0")]
    [InlineData("--perturbations must be 0 (M = D) or more", "bench", "wallclock", "--perturbations", "-1")]
    [InlineData("--threads must be at least 1", "bench", "wallclock", "--threads", "0")]
    [InlineData("--milliseconds must be at least 1", "bench", "kernels", "--milliseconds", "0")]
    [InlineData("memory", "bench", "decide", "--action-samples", "1000000000")]
    [InlineData("--hash-bits must be in 0..16", "bench", "search", "--hash-bits", "40")]
    // worker
    [InlineData("cluster id is empty", "worker", "--cluster-id", "")]
    [InlineData("primary port must be in 1..65535", "worker", "--primary-port", "70000")]
    [InlineData("--advertise expects an IP address", "worker", "--advertise", "not-an-ip")]
    [InlineData("--redis expects host:port", "worker", "--redis", "nohost")]
    [InlineData("--join-timeout", "worker", "--join-timeout", "0")]
    // export
    [InlineData("--format", "export", RunToken, "--format", "xml", "--out", "{root}/policy.onnx")]
    [InlineData("output path is a folder", "export", RunToken, "--out", "{root}")]
    [InlineData("--action-samples must be at least 1", "export", RunToken, "--out", "{root}/policy.onnx", "-N", "0")]
    [InlineData("run folder", "export", "{root}/no-such-run", "--out", "{root}/policy.onnx")]
    [InlineData("no checkpoint in run folder", "export", "{root}", "--out", "{root}/policy.onnx")]
    public void IsRefusedWithOneLineNamingTheProblem(string expected, params string[] args)
    {
        using var root = new TempFolder();
        string? run = args.Contains(RunToken) ? TrainedRun(root.Path) : null;
        args = args.Select(a => a == RunToken ? run! : a.Replace("{root}", root.Path)).ToArray();
        if (args[0] == "train" && !args.Contains("--runs-dir")) args = [.. args, "--runs-dir", root.Path];
        string line = AssertRefused(root.Path, args);
        Assert.Contains(expected, line);
    }

    [Theory]
    [InlineData("{\"sigmaa\": 1}", "unknown key 'sigmaa'")]
    [InlineData("{\"sigma\": 0}", "'sigma'")]
    [InlineData("{\"iterations\": \"many\"}", "'iterations'")]
    [InlineData("{\"seed\": -1}", "'seed'")]
    [InlineData("{\"env\": null}", "'env' is null")]
    [InlineData("{\"env\": \"NoSuchEnv-v0\"}", "NoSuchEnv-v0")]
    [InlineData("[1, 2]", "must be a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("{\"action-samples\": 1000000000, \"env\": \"Pendulum-v1\"}", "memory")]
    public void ABadConfigurationFileIsRefusedNamingTheKey(string content, string expected)
    {
        using var root = new TempFolder();
        string file = Path.Combine(root.Path, "run.json");
        File.WriteAllText(file, content);
        Assert.Contains(expected, AssertRefused(root.Path, ["train", "--config", file, "--runs-dir", root.Path]));
        Assert.Contains("cannot read configuration file", AssertRefused(root.Path, ["train", "--config", Path.Combine(root.Path, "none.json"), "--runs-dir", root.Path]));
    }

    [Fact]
    public void RunsDirThatCannotHoldFoldersIsRefusedNamingIt()
    {
        using var root = new TempFolder();
        string file = Path.Combine(root.Path, "a-file");
        File.WriteAllText(file, "x");
        foreach (var dir in new[] { "/proc/x", Path.Combine(file, "runs") })
            Assert.Contains($"cannot create a run folder under '{dir}'", AssertRefused(root.Path, ["train", "--iterations", "1", "--runs-dir", dir]));
    }

    /// <summary>Rewrites the checkpoint's payload through <paramref name="edit"/> under a valid header, as a buggy or hostile writer could.</summary>
    private static void Rewrite(string folder, Action<JsonObject> edit)
    {
        string path = Path.Combine(folder, "checkpoint.itt");
        string text = File.ReadAllText(path);
        var json = JsonNode.Parse(text[(text.IndexOf('\n') + 1)..])!.AsObject();
        edit(json);
        WritePayload(path, json.ToJsonString());
    }

    private static void WritePayload(string path, string json)
        => File.WriteAllText(path, "itt-checkpoint v1 sha256=" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(json))).ToLowerInvariant() + "\n" + json);

    private static JsonObject Statistics(int size, double squaredDeviation)
        => new() { ["count"] = 3, ["mean"] = ThetaOf(size, 0), ["squaredDeviations"] = ThetaOf(size, squaredDeviation) };

    private static string ThetaOf(int count, double value)
    {
        var bytes = new byte[count * 8];
        for (int i = 0; i < count; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 8), value);
        return Convert.ToBase64String(bytes);
    }

    [Theory]
    [InlineData("hello", "checkpoint is incomplete (it lacks config)")]
    [InlineData("short-theta", "θ has 3 entries")]
    [InlineData("negative-iteration", "iteration -5 is negative")]
    [InlineData("nan-theta", "is NaN")]
    [InlineData("bad-config", "its configuration is invalid: sigma must be a finite number > 0")]
    [InlineData("adam-state", "the optimizer state does not fit")]
    [InlineData("negative-steps", "environment steps -1 are negative")]
    [InlineData("stray-statistics", "it holds observation statistics for a run that does not normalise")]
    [InlineData("normalised-without-statistics", "the run normalises observations and holds no statistics of them")]
    [InlineData("normalised-short-statistics", "the observation statistics have 2 entries, the observations 4")]
    [InlineData("normalised-negative-deviations", "the observation statistics hold a non-finite or negative value")]
    public void ACheckpointWithAValidChecksumButImpossibleContentsIsRefusedByEvalAndResume(string kind, string expected)
    {
        using var root = new TempFolder();
        string folder = TrainedRun(root.Path);
        string checkpoint = Path.Combine(folder, "checkpoint.itt");
        if (kind == "hello") WritePayload(checkpoint, """{"hello": "world", "iteration": 3}""");
        else
            Rewrite(folder, json =>
            {
                int d = Convert.FromBase64String(json["theta"]!.GetValue<string>()).Length / 8;
                switch (kind)
                {
                    case "short-theta": json["theta"] = ThetaOf(3, 0.5); break;
                    case "negative-iteration": json["iteration"] = -5; break;
                    case "nan-theta": json["theta"] = ThetaOf(d, double.NaN); break;
                    case "adam-state": json["optimizerState"] = new JsonArray(ThetaOf(d, 0)); break;
                    case "negative-steps": json["environmentSteps"] = -1; break;
                    case "stray-statistics": json["observations"] = Statistics(4, 1); break;
                    case "normalised-without-statistics": json["config"]!["normalizeObservations"] = true; break;
                    case "normalised-short-statistics":
                        json["config"]!["normalizeObservations"] = true;
                        json["observations"] = Statistics(2, 1);
                        break;
                    case "normalised-negative-deviations":
                        json["config"]!["normalizeObservations"] = true;
                        json["observations"] = Statistics(4, -1);
                        break;
                    case "bad-config":
                        json["config"]!["sigma"] = -1.0;
                        json["configHash"] = "ignored";
                        break;
                }
            });
        if (kind == "bad-config" || kind.StartsWith("normalised")) // keep the hash consistent so the contents, not the hash, are what is refused
            Rewrite(folder, json => json["configHash"] = JsonSerializer.Deserialize<TrainingConfig>(json["config"]!.ToJsonString(), Json.Options)!.Hash);
        foreach (var args in new[] { new[] { "eval", folder }, ["train", "--resume", folder, "--iterations", "4"] })
            Assert.Contains(expected, AssertRefused(root.Path, args));
    }

    [Fact]
    public void ResumingARunThatAnotherProcessWritesIsRefusedBeforeMetricsAreTouched()
    {
        using var root = new TempFolder();
        string folder = TrainedRun(root.Path);
        // Leave a row past the checkpoint, as a writer between its row and its checkpoint would: a resume would drop it.
        File.AppendAllText(Path.Combine(folder, "metrics.csv"), "3,1,1,1,1,1,1,1\n");
        using (RunFolder.Open(folder).Lock())
        {
            Assert.Contains("run folder is in use by another itt process", AssertRefused(root.Path, ["train", "--resume", folder, "--iterations", "4"]));

            // The lock is the operating system's, so another process sees it too.
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "itt.dll"), "train", "--resume", folder, "--iterations", "4"])
                { RedirectStandardError = true, RedirectStandardOutput = true };
            using var other = Process.Start(start)!;
            string error = other.StandardError.ReadToEnd();
            other.WaitForExit();
            Assert.Equal(2, other.ExitCode);
            Assert.Contains("in use by another itt process", error);
        }
        Assert.Contains("3,1,1,1,1,1,1,1", File.ReadAllText(Path.Combine(folder, "metrics.csv")));
        var (code, _, err) = Run("train", "--resume", folder, "--iterations", "4", "--final-eval-episodes", "0", "--no-progress");
        Assert.True(code == 0, err); // released with the process (here: the handle)
    }

    [Theory]
    [InlineData("4,100,1.5,2,3")]          // cut inside a row, no line end
    [InlineData("4,100,1.5,2,3,4,5,")]     // all commas written, the last field not
    [InlineData("4,100,1.5,2,3,4,5,\n")]   // the line end reached the disk before the last field
    public void ATornLastMetricsRowIsDroppedAndRecomputed(string torn)
    {
        using var root = new TempFolder();
        string straight = TrainedRun(Directory.CreateDirectory(Path.Combine(root.Path, "a")).FullName, 5);
        string folder = TrainedRun(Directory.CreateDirectory(Path.Combine(root.Path, "b")).FullName, 3);
        File.AppendAllText(Path.Combine(folder, "metrics.csv"), torn);
        var (code, _, error) = Run("train", "--resume", folder, "--iterations", "5", "--final-eval-episodes", "0", "--no-progress");
        Assert.True(code == 0, error);
        static string[] StepsColumn(string f) => File.ReadAllLines(Path.Combine(f, "metrics.csv")).Select(l => string.Join(',', l.Split(',').Take(2))).ToArray();
        Assert.Equal(StepsColumn(straight), StepsColumn(folder)); // rows 1..5 once each, row 4 recomputed as in an uninterrupted run
    }

    [Fact]
    public void AMalformedRowBeforeTheLastIsReportedNotSkipped()
    {
        using var root = new TempFolder();
        string path = Path.Combine(root.Path, "metrics.csv");
        File.WriteAllText(path, RunFolder.MetricsHeader + "\n1,10,1,1,1,1,1,1\n2,x,1,1,1,1,1,1\n3,30,1,1,1,1,1,1\n");
        var e = Assert.Throws<RunFolderException>(() => RunFolder.ReadMetrics(path));
        Assert.Contains("line 3 is malformed", e.Message);
    }

    [Fact]
    public void ANewRunFolderAppearsWithItsFirstCheckpointSoAKillBeforeTrainingLeavesAResumableRun()
    {
        using var root = new TempFolder();
        string folder;
        using (var session = TrainingSession.Start(new TrainingConfig { Iterations = 2, Threads = 1 }, root.Path))
        {
            folder = session.Folder.Path;
            // No iteration has run: this is what a trainer killed now leaves behind.
            Assert.Equal([folder], Directory.GetDirectories(root.Path)); // no staging folder beside it
            Assert.True(File.Exists(Path.Combine(folder, "checkpoint.itt")));
        }
        var (code, _, error) = Run("train", "--resume", folder, "--final-eval-episodes", "0", "--no-progress");
        Assert.True(code == 0, error);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length); // trained from iteration 0
    }

}

/// <summary>Tests that swap a registry entry: alone, so no other test sees the swapped entry.</summary>
[CollectionDefinition(nameof(RegistrySwap), DisableParallelization = true)]
public sealed class RegistrySwap;

[Collection(nameof(RegistrySwap))]
public class CompareUnavailableTaskTests
{
    [Fact]
    public void CompareWithAnUnavailableTaskLeavesNoCommandLog()
    {
        using var root = new TempFolder();
        // The same refusal as a missing libmujoco, on a preset task: a registry entry whose native library is missing.
        var spec = Itt.Environments.Registry.EnvironmentRegistry.Get("LunarLander-v3");
        try
        {
            Itt.Environments.Registry.EnvironmentRegistry.Register(spec with { MissingDependency = () => "LunarLander needs libnothing (test)" });
            var error = new StringWriter();
            int code = CommandLineApp.Run(["compare", "--env", "LunarLander-v3", "--out", Path.Combine(root.Path, "c")], new StringWriter(), error);
            Assert.Equal(2, code);
            Assert.Equal("itt: error: LunarLander-v3: LunarLander needs libnothing (test)", error.ToString().Trim());
            Assert.Empty(Directory.GetFileSystemEntries(root.Path)); // no folder, no commands.txt
        }
        finally
        {
            Itt.Environments.Registry.EnvironmentRegistry.Register(spec);
        }
    }
}
