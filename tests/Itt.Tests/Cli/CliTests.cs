using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Itt.Cli;
using Itt.Tests.Training;

namespace Itt.Tests.Cli;

/// <summary>The real <c>itt</c> command with tiny budgets, and every kind of bad input.</summary>
public class CliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => IttCommand.Run(args);

    [Fact]
    public void EnvsSaysWhoseEachPresetBudgetIs()
    {
        var (code, output, _) = Run("envs");
        Assert.Equal(0, code);
        var lines = output.Split('\n');
        Assert.Contains("preset: 4000 iterations, paper (Table 2)", Assert.Single(lines, l => l.StartsWith("Hopper-v4 ", StringComparison.Ordinal)));
        Assert.Contains("preset: 200 iterations, ours (the paper gives none)", Assert.Single(lines, l => l.StartsWith("CartPole-v1 ", StringComparison.Ordinal)));
    }

    [Fact]
    public void TrainWritesARunFolderWithConfigMetricsCheckpointAndPlot()
    {
        using var root = new TempFolder();
        var (code, output, error) = Run("train", "--iterations", "3", "--runs-dir", root.Path, "--seed", "4", "--final-eval-episodes", "2");
        Assert.True(code == 0, error);
        var folder = Assert.Single(Directory.GetDirectories(root.Path));
        Assert.Matches(@"CartPole-v1__itt__4__\d{8}-\d{6}$", folder);
        foreach (var file in new[] { "config.json", "metrics.csv", "checkpoint.itt", "learning-curve.png", "results.json" })
            Assert.True(File.Exists(Path.Combine(folder, file)), file);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length); // header + 3 rows
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(folder, "learning-curve.png")).Take(4));
        Assert.Contains("final θ return (2 episodes)", output);
        Assert.Contains("it 3/3", output);

        var eval = Run("eval", folder, "--episodes", "3");
        Assert.Equal(0, eval.Code);
        var line = Regex.Match(eval.Out, @"CartPole-v1 itt iteration 3: ([-\d.]+) ± [\d.]+ over 3 episodes of ([\d.]+) steps on average");
        Assert.True(line.Success, eval.Out);
        // CartPole pays 1 per step, so the mean return is the mean length.
        Assert.Equal(double.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(line.Groups[2].Value, CultureInfo.InvariantCulture), 1);

        var resumed = Run("train", "--resume", folder, "--iterations", "5", "--final-eval-episodes", "1");
        Assert.True(resumed.Code == 0, resumed.Err);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);

        // A total at or below where the run stands trains nothing, says so, and keeps every row.
        var shorter = Run("train", "--resume", folder, "--iterations", "4", "--final-eval-episodes", "1");
        Assert.True(shorter.Code == 0, shorter.Err);
        Assert.Contains("nothing to train: the run is at iteration 5 and --iterations asks for 4 in all", shorter.Out);
        Assert.Equal(6, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);
    }

    [Fact]
    public void EveryPolicyKindTrainsOnAContinuousTask()
    {
        using var root = new TempFolder();
        foreach (var policy in new[] { "itt", "iot", "explicit" })
        {
            var (code, _, error) = Run("train", "--env", "Pendulum-v1", "--policy", policy, "--iterations", "2", "-N", "20",
                "--runs-dir", root.Path, "--final-eval-episodes", "1");
            Assert.True(code == 0, error);
        }
        Assert.Equal(3, Directory.GetDirectories(root.Path).Length);
    }

    [Theory]
    [InlineData("train", "--env", "NoSuchEnv-v0")]
    [InlineData("train", "--policy", "transformer")]
    [InlineData("train", "--sigma", "0")]
    [InlineData("train", "--sigma", "-1")]
    [InlineData("train", "--sigma", "NaN")]
    [InlineData("train", "--sigma", "abc")]
    [InlineData("train", "--learning-rate", "Infinity")]
    [InlineData("train", "-M", "0")]
    [InlineData("train", "--iterations", "0")]
    [InlineData("train", "--iterations", "12x")]
    [InlineData("train", "-N", "0")]
    [InlineData("train", "--threads", "-2")]
    [InlineData("train", "--resume", "/nonexistent/run")]
    [InlineData("eval", "/nonexistent/run")]
    [InlineData("train", "--bogus-option")]
    public void BadInputGivesOneLineAndExitCode2(params string[] args)
    {
        using var root = new TempFolder();
        var (code, _, error) = Run([.. args, "--runs-dir", root.Path]);
        if (args[0] == "eval") (code, _, error) = Run(args);
        Assert.Equal(2, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("itt: error: ", lines[0]);
        Assert.Empty(Directory.GetDirectories(root.Path)); // nothing was created
    }

    [Fact]
    public void CorruptCheckpointIsRefusedAndNothingIsOverwritten()
    {
        using var root = new TempFolder();
        Assert.Equal(0, Run("train", "--iterations", "2", "--runs-dir", root.Path, "--final-eval-episodes", "1").Code);
        var folder = Directory.GetDirectories(root.Path)[0];
        string checkpoint = Path.Combine(folder, "checkpoint.itt");
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[^10] ^= 0x20;
        File.WriteAllBytes(checkpoint, bytes);
        var metrics = File.ReadAllBytes(Path.Combine(folder, "metrics.csv"));

        foreach (var args in new[] { new[] { "train", "--resume", folder }, ["eval", folder] })
        {
            var (code, _, error) = Run(args);
            Assert.Equal(2, code);
            Assert.Contains("corrupt", error);
        }
        Assert.Equal(bytes, File.ReadAllBytes(checkpoint));
        Assert.Equal(metrics, File.ReadAllBytes(Path.Combine(folder, "metrics.csv")));

        var mismatch = Run("train", "--resume", folder, "--sigma", "0.5");
        Assert.Equal(2, mismatch.Code);
    }

    [Fact]
    public void ResumeWithAnotherSigmaIsRefused()
    {
        using var root = new TempFolder();
        Assert.Equal(0, Run("train", "--iterations", "1", "--runs-dir", root.Path, "--final-eval-episodes", "1").Code);
        var folder = Directory.GetDirectories(root.Path)[0];
        var stored = Run("train", "--resume", folder, "--print-config").Out;
        var sigma = System.Text.Json.Nodes.JsonNode.Parse(stored)!["sigma"]!.ToJsonString();
        Assert.NotEqual("0.5", sigma);
        var (code, _, error) = Run("train", "--resume", folder, "--sigma", "0.5", "--iterations", "3", "--threads", "1");
        Assert.Equal(2, code);
        // Named by the option the user typed, with both values; the run-length options beside it are not differences.
        Assert.Equal($"itt: error: cannot resume {Path.GetFileName(folder)} with a different configuration (--sigma {sigma} → 0.5); " +
            "leave these options out to continue the run as it was", error.Trim());
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder, "metrics.csv")).Length);

        // An option whose stored JSON key is another name (episodesPerEvaluation) is still named as the option.
        var renamed = Run("train", "--resume", folder, "--rollout-episodes", "3", "--no-progress");
        Assert.Equal(2, renamed.Code);
        Assert.Contains("(--rollout-episodes 1 → 3)", renamed.Err);
        Assert.DoesNotContain("episodesPerEvaluation", renamed.Err);
    }

    [Fact]
    public void HelpDocumentsEveryTrainOption()
    {
        var (code, output, _) = Run("train", "--help");
        Assert.Equal(0, code);
        foreach (var option in new[] { "--env", "--policy", "--seed", "--iterations", "--sigma", "--learning-rate", "--perturbations",
                     "--action-samples", "--sampling", "--selection", "--estimator", "--width", "--latent", "--resume", "--threads" })
            Assert.Contains(option, output);
    }

    [Fact]
    public void BenchDecidePrintsTheThreePoliciesSideBySide()
    {
        var (code, output, error) = Run("bench", "decide", "--steps", "20", "--repeats", "1", "--action-samples", "100");
        Assert.True(code == 0, error);
        Assert.Contains("ITT", output);
        Assert.Contains("IOT", output);
        Assert.Contains("EXPLICIT", output);
    }

    // Dry runs of the benchmarks at tiny sizes on a classic task, so a broken benchmark fails the build.
    [Fact]
    public void BenchSearchRunsInDryMode()
    {
        var (code, output, error) = Run("bench", "search", "--env", "Pendulum-v1", "--min-exponent", "4", "--max-exponent", "5",
            "--hash-bits", "2", "--steps", "20", "--repeats", "1");
        Assert.True(code == 0, error);
        Assert.Contains("IOT/SRP train", output);
        Assert.Equal(2 + 2, output.Trim().Split('\n').Length);
    }

    [Fact]
    public void BenchLazyAndThroughputRunInDryMode()
    {
        var lazy = Run("bench", "lazy", "--env", "Pendulum-v1", "--iterations", "2", "--every", "2", "--action-samples", "16");
        Assert.True(lazy.Code == 0, lazy.Err);
        Assert.Contains("Pendulum-v1", lazy.Out);
        var throughput = Run("bench", "throughput", "--env", "Pendulum-v1", "--action-samples", "16", "--iterations", "1", "--repeats", "2", "--perturbations", "1",
            "--raw-steps", "400", "--threads", "1", "2");
        Assert.True(throughput.Code == 0, throughput.Err);
        foreach (int threads in new[] { 1, 2 }) // raw, ITT and explicit steps/s, then three ratios as median (min–max)
            Assert.Matches($@"Pendulum-v1\s+{threads}\s+[\d,]+\s+[\d,]+\s+[\d,]+(\s+\d+\.\d\d \(\d+\.\d\d–\d+\.\d\d\)){{3}}", throughput.Out);
        Assert.Contains("Pendulum-v1: 2-thread efficiency on CPU time", throughput.Out);
    }

    [Fact]
    public void BenchKernelsPrintsEveryCaseWithItsSpeedUp()
    {
        var (code, output, error) = Run("bench", "kernels", "--repeats", "1", "--milliseconds", "1");
        Assert.True(code == 0, error);
        var rows = output.Split('\n').Where(l => l.StartsWith("ITT scores", StringComparison.Ordinal) || l.StartsWith("IOT layer", StringComparison.Ordinal)
            || l.StartsWith("argmax", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, rows.Length);
        foreach (var row in rows)
        {
            var numbers = System.Text.RegularExpressions.Regex.Matches(row, @"\d+\.\d+")
                .Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(3, numbers.Length); // kernel µs, scalar µs, speed-up = scalar / kernel (to the printed rounding)
            Assert.InRange(numbers[2], numbers[1] / (numbers[0] + 0.0005) * 0.99 - 0.01, numbers[1] / Math.Max(numbers[0] - 0.0005, 1e-9) * 1.01 + 0.01);
        }
    }

    [Itt.Tests.MuJoCo.MuJoCoFact]
    public void BenchWallClockPrintsPerIterationAndPerStepRatiosBesideThePapers()
    {
        var (code, output, error) = Run("bench", "wallclock", "--env", "Swimmer-v4", "Pendulum-v1", "--perturbations", "1", "--repeats", "1");
        Assert.True(code == 0, error);
        var swimmer = output.Split('\n').Single(l => l.StartsWith("Swimmer-v4", StringComparison.Ordinal));
        var numbers = System.Text.RegularExpressions.Regex.Matches(swimmer, @"\d+\.\d+").Select(m => double.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(12, numbers.Length); // 3 s/iter, 3 µs/step, then ours per iteration, per step and the paper's, twice
        // The ratios are those of the printed times (to their rounding, under 2% at ≥ 0.05 s per iteration), and with one repeat
        // the per-step ratio is the per-iteration one, since every policy's iteration has the same 2 × 1,000 Swimmer steps.
        Assert.InRange(numbers[6] - numbers[0] / numbers[1], -0.03, 0.03);
        Assert.InRange(numbers[7] - numbers[3] / numbers[4], -0.03, 0.03);
        Assert.InRange(numbers[9] - numbers[2] / numbers[1], -0.03, 0.03);
        Assert.InRange(numbers[10] - numbers[5] / numbers[4], -0.03, 0.03);
        Assert.InRange(numbers[7] - numbers[6], -0.011, 0.011); // equal but for the last digit's rounding
        Assert.InRange(numbers[10] - numbers[9], -0.011, 0.011);
        Assert.Equal(0.94, numbers[8]); // Table 2: 0.17 h / 0.18 h
        Assert.Equal(0.61, numbers[11]); // 0.11 h / 0.18 h
        Assert.Matches(@"Pendulum-v1 .* – +\S+ +\S+ +–$", output.Split('\n').Single(l => l.StartsWith("Pendulum-v1", StringComparison.Ordinal)).TrimEnd());
    }

    [Fact]
    public void TheBuiltExecutableRunsAsAProcess()
    {
        using var root = new TempFolder();
        string dll = Path.Combine(AppContext.BaseDirectory, "itt.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "train", "--iterations", "2", "--runs-dir", root.Path, "--final-eval-episodes", "1"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("results", output);

        using var bad = Process.Start(new ProcessStartInfo("dotnet", [dll, "train", "--sigma", "0"]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        string badError = bad.StandardError.ReadToEnd();
        bad.WaitForExit();
        Assert.Equal(2, bad.ExitCode);
        Assert.DoesNotContain("   at ", badError); // no stack trace
    }
}
