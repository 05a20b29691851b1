using System.Text.RegularExpressions;
using Itt.Cli;
using Itt.Tests.Training;
using Itt.Training.Checkpoints;

namespace Itt.Tests.Cli;

/// <summary><c>itt train --config FILE</c> and <c>--print-config</c>, through the real command.</summary>
public class ConfigFileTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => IttCommand.Run(args);

    [Fact]
    public void APrintedConfigTrainsTheSameRunAsItsCommandLine()
    {
        using var root = new TempFolder();
        string[] options = ["--env", "Pendulum-v1", "--sigma", "0.5", "--optimizer", "adam", "-N", "30", "--width", "3", "--normalize-observations",
            "--iterations", "2", "--final-eval-episodes", "1", "--no-progress", "--seed", "4", "--target-return", "-1"];
        var printed = Run(["train", .. options, "--print-config"]);
        Assert.True(printed.Code == 0, printed.Err);
        Assert.Equal(-1, System.Text.Json.JsonDocument.Parse(printed.Out).RootElement.GetProperty("target-return").GetDouble());
        Assert.Empty(Directory.GetDirectories(root.Path));
        string file = Path.Combine(root.Path, "run.json");
        File.WriteAllText(file, printed.Out);
        Assert.Equal(printed.Out, Run("train", "--config", file, "--print-config").Out); // a fixed point

        var byFile = Run("train", "--config", file, "--runs-dir", Path.Combine(root.Path, "a"));
        var byLine = Run(["train", .. options, "--runs-dir", Path.Combine(root.Path, "b")]);
        Assert.True(byFile.Code == 0 && byLine.Code == 0, byFile.Err + byLine.Err);
        var (fromFile, fileState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "a"))), "checkpoint.itt"));
        var (fromLine, lineState) = Checkpoint.Load(Path.Combine(Assert.Single(Directory.GetDirectories(Path.Combine(root.Path, "b"))), "checkpoint.itt"));
        Assert.Equal(fromLine, fromFile);
        Assert.True(fromFile.NormalizeObservations);
        Assert.Equal(0.5, fromFile.Sigma);
        Assert.Equal(lineState.Theta, fileState.Theta);
    }

    [Fact]
    public void TypedOptionsWinOverTheFile()
    {
        using var root = new TempFolder();
        string file = Path.Combine(root.Path, "run.json");
        File.WriteAllText(file, """{ "sigma": 2, "iterations": 3, "linear": true }""");
        var (code, output, error) = Run("train", "--config", file, "--sigma", "0.25", "--print-config");
        Assert.True(code == 0, error);
        Assert.Contains("\"sigma\": 0.25", output);
        Assert.Contains("\"iterations\": 3", output);
        Assert.Contains("\"linear\": true", output);
    }

    [Theory]
    [InlineData("""{ "sigmaa": 1 }""", "unknown key 'sigmaa'")]
    [InlineData("""{ "episodes": 2 }""", "key 'episodes' is now 'rollout-episodes'")]
    [InlineData("""{ "sigma": 0 }""", "'sigma': sigma must be")]
    [InlineData("""{ "learning-rate": -1 }""", "'learning-rate': learning rate must be")]
    [InlineData("""{ "perturbations": 0 }""", "'perturbations': --perturbations must be at least 1")]
    [InlineData("""{ "width": 0 }""", "'width': widths must be at least 1")]
    [InlineData("""{ "policy": "transformer" }""", "'policy': --policy: 'transformer' is not one of")]
    [InlineData("""{ "iterations": "many" }""", "'iterations': ")]
    [InlineData("""{ "seed": null }""", "'seed' is null")]
    [InlineData("""[1, 2]""", "must be a JSON object")]
    [InlineData("""{ "sigma": """, "not valid JSON")]
    public void ABadFileIsRefusedInOneLineNamingTheKey(string content, string expected)
    {
        using var root = new TempFolder();
        string file = Path.Combine(root.Path, "run.json");
        File.WriteAllText(file, content);
        string runs = Path.Combine(root.Path, "runs");
        var (code, _, error) = Run("train", "--config", file, "--runs-dir", runs, "--iterations", "1");
        Assert.Equal(2, code);
        Assert.Contains(expected, error);
        Assert.Single(error.TrimEnd('\n').Split('\n'));
        Assert.False(Directory.Exists(runs));
    }

    [Fact]
    public void EveryOptionOfTheHelpIsAKey()
    {
        var help = Run("train", "--help").Out;
        // Each option line's names (aliases included), keyed by its longest name.
        var listed = help.Split('\n').Where(line => line.TrimStart().StartsWith('-'))
            .Select(line => Regex.Matches(line.Trim().Split("  ")[0], @"--([a-z-]+)").Select(m => m.Groups[1].Value).MaxBy(n => n.Length))
            .OfType<string>().Except(["config", "print-config", "help"]).Order(StringComparer.Ordinal).ToArray();
        using var root = new TempFolder();
        string file = Path.Combine(root.Path, "run.json");
        File.WriteAllText(file, """{ "no-such-key": 1 }""");
        var error = Run("train", "--config", file).Err;
        var known = Regex.Match(error, @"known: ([^)]*)\)").Groups[1].Value.Split(", ");
        Assert.Equal(listed, known);
        Assert.Contains("normalize-observations", known);
        Assert.Contains("learning-rate", known);
    }
}
