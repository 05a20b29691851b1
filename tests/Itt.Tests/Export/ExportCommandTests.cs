using Itt.Cli;
using Itt.Tests.Cli;
using Itt.Cli.Commands;
using Itt.Export.Json;
using Itt.Tests.Training;
using Xunit;

namespace Itt.Tests.Export;

/// <summary><c>itt export</c> and <c>itt eval --onnx</c> on a real (tiny) run.</summary>
public sealed class ExportCommandTests
{
    private static (int Code, string Out, string Err) Run(params string[] args) => IttCommand.Run(args);

    private static string TrainPendulum(TempFolder root)
    {
        var (code, _, error) = Run("train", "--env", "Pendulum-v1", "--iterations", "2", "-N", "50", "--runs-dir", root.Path,
            "--final-eval-episodes", "1", "--no-progress");
        Assert.True(code == 0, error);
        return Assert.Single(Directory.GetDirectories(root.Path));
    }

    [Fact]
    public void ExportedModelsDriveEpisodesLikeTheRun()
    {
        using var root = new TempFolder();
        string run = TrainPendulum(root);
        string onnx = Path.Combine(root.Path, "policy.onnx");
        File.WriteAllText(onnx + ".tmp", "a file of the user's"); // the write goes through a temporary file of its own
        var export = Run("export", run, "--format", "onnx", "--out", onnx, "-N", "200", "--candidate-seed", "5");
        Assert.True(export.Code == 0, export.Err);
        Assert.Contains("A* = 200 candidates from seed 5", export.Out);
        Assert.Equal("a file of the user's", File.ReadAllText(onnx + ".tmp"));
        Assert.Empty(Directory.GetFiles(root.Path, ".*.tmp")); // and leaves none behind

        var eval = Run("eval", run, "--onnx", onnx, "-K", "3");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Matches(@"Pendulum-v1 onnx model policy.onnx: [-\d.]+ ± [\d.]+ over 3 episodes", eval.Out);
        Assert.Contains("3 of 3 episode returns identical", eval.Out);
        using (var model = new OnnxPolicyModel(onnx))
        {
            Assert.Equal("200", model.Metadata["itt.action_samples"]);
            Assert.Equal("Pendulum-v1", model.Metadata["itt.environment"]);
        }

        string json = Path.Combine(root.Path, "policy.json");
        Assert.Equal(0, Run("export", run, "--format", "json", "--out", json, "-N", "200", "--candidate-seed", "5").Code);
        var loaded = PolicyJson.Load(json);
        Assert.Equal(200, loaded.Candidates!.Count);
        Assert.Equal(5UL, loaded.CandidateSeed);
    }

    [Fact]
    public void AnExportThatActsOtherwiseThanItsRunSaysHow()
    {
        using var root = new TempFolder();
        var (code, _, error) = Run("train", "--env", "Pendulum-v1", "--iterations", "1", "-N", "50", "--runs-dir", root.Path,
            "--final-eval-episodes", "1", "--no-progress", "--selection", "softmax", "--index", "srp");
        Assert.True(code == 0, error);
        string run = Assert.Single(Directory.GetDirectories(root.Path));
        var export = Run("export", run, "--format", "json", "--out", Path.Combine(root.Path, "policy.json"));
        Assert.True(export.Code == 0, export.Err);
        Assert.Equal(["note: the run samples from the softmax of its scores; the model takes their argmax (a graph draws no random numbers)",
            "note: the run searches A* with its SRP index; the model scores every candidate, the exact argmax that index approximates"],
            export.Out.Split('\n').Where(line => line.StartsWith("note: ")));
        // A brute-force argmax run exports as it acts: no note.
        using var plain = new TempFolder();
        Assert.DoesNotContain("note: ", Run("export", TrainPendulum(plain), "--format", "json", "--out", Path.Combine(root.Path, "plain.json")).Out);
    }

    [Fact]
    public void ARunWithObservationNormalisationExportsItsNormaliser()
    {
        using var root = new TempFolder();
        var (code, _, error) = Run("train", "--env", "Pendulum-v1", "--iterations", "2", "-N", "50", "--runs-dir", root.Path,
            "--final-eval-episodes", "1", "--no-progress", "--normalize-observations");
        Assert.True(code == 0, error);
        string run = Assert.Single(Directory.GetDirectories(root.Path));
        var (_, state) = Itt.Training.Checkpoints.Checkpoint.Load(Path.Combine(run, "checkpoint.itt"));
        var frozen = state.Observations!.Freeze();

        string json = Path.Combine(root.Path, "policy.json");
        Assert.Equal(0, Run("export", run, "--format", "json", "--out", json).Code);
        var normalization = PolicyJson.Load(json).Normalization!;
        Assert.Equal(frozen.Mean.ToArray(), normalization.Mean);
        Assert.Equal(frozen.Std.ToArray(), normalization.Std);
        Assert.NotEqual(new float[3], normalization.Mean); // two iterations of Pendulum moved the mean off zero

        string onnx = Path.Combine(root.Path, "policy.onnx");
        Assert.Equal(0, Run("export", run, "--format", "onnx", "--out", onnx, "-N", "100").Code);
        var eval = Run("eval", run, "--onnx", onnx, "-K", "3");
        Assert.True(eval.Code == 0, eval.Err);
        Assert.Contains("3 of 3 episode returns identical", eval.Out);
    }

    [Fact]
    public void BadInputIsOneLineWithExitCode2AndNothingIsOverwritten()
    {
        using var root = new TempFolder();
        string run = TrainPendulum(root);
        string existing = Path.Combine(root.Path, "keep.onnx");
        File.WriteAllText(existing, "precious");
        string notAModel = Path.Combine(root.Path, "garbage.onnx");
        File.WriteAllText(notAModel, "not a model");
        foreach (var args in new[]
                 {
                     new[] { "export", run, "--out", existing },
                     ["export", "/nonexistent/run", "--out", Path.Combine(root.Path, "x.onnx")],
                     ["export", run, "--out", Path.Combine(root.Path, "x.onnx"), "-N", "0"],
                     ["export", run, "--out", Path.Combine(root.Path, "x.onnx"), "--format", "pickle"],
                     ["export", run],
                     ["eval", run, "--onnx", Path.Combine(root.Path, "missing.onnx")],
                     ["eval", run, "--onnx", notAModel],
                 })
        {
            var (code, _, error) = Run(args);
            Assert.True(code == 2, $"{string.Join(' ', args)}: exit {code}, {error}");
            var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("itt: error: ", line);
        }
        Assert.Equal("precious", File.ReadAllText(existing));
        Assert.False(File.Exists(Path.Combine(root.Path, "x.onnx")));
    }

    [Fact]
    public void AModelOfAnotherTaskIsRefused()
    {
        using var root = new TempFolder();
        string pendulum = TrainPendulum(root);
        var cartpole = Run("train", "--iterations", "1", "--runs-dir", Path.Combine(root.Path, "cp"), "--final-eval-episodes", "1", "--no-progress");
        Assert.Equal(0, cartpole.Code);
        string model = Path.Combine(root.Path, "cartpole.onnx");
        Assert.Equal(0, Run("export", Directory.GetDirectories(Path.Combine(root.Path, "cp"))[0], "--out", model).Code);
        var (code, _, error) = Run("eval", pendulum, "--onnx", model);
        Assert.Equal(2, code);
        Assert.Contains("exported for CartPole-v1", error);
    }
}
