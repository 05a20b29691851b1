using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Training;

public class DeterminismTests
{
    private static double[] Train(TrainingConfig config)
    {
        using var trainer = new EsTrainer(config);
        while (trainer.Iteration < config.Iterations) trainer.Step();
        return trainer.Theta.ToArray();
    }

    [Theory]
    [InlineData("CartPole-v1", Itt.Policies.PolicyKind.Itt)]
    [InlineData("MountainCarContinuous-v0", Itt.Policies.PolicyKind.Iot)]
    [InlineData("Acrobot-v1", Itt.Policies.PolicyKind.Explicit)]
    public void ThetaIsBitIdenticalForOneAndTwoThreads(string env, Itt.Policies.PolicyKind kind)
    {
        var config = new TrainingConfig { Environment = env, Policy = kind, Iterations = 4, Seed = 3, ActionSamples = 50 };
        var one = Train(config with { Threads = 1 });
        var two = Train(config with { Threads = 2 });
        var four = Train(config with { Threads = 4 });
        Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), two.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(one.Select(BitConverter.DoubleToInt64Bits), four.Select(BitConverter.DoubleToInt64Bits));
        Assert.NotEqual(EsTrainer.InitialTheta(config, one.Length), one); // training moved θ
    }

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adam)]
    public void InterruptedThenResumedRunEndsBitIdentical(OptimizerKind optimizer)
    {
        using var root = new TempFolder();
        var config = new TrainingConfig { Environment = "CartPole-v1", Iterations = 8, Seed = 9, Optimizer = optimizer, IterationEvaluationEpisodes = 1 };
        string straightPath;
        using (var straight = TrainingSession.Start(config, root.Path))
        {
            straight.Run();
            straightPath = straight.Folder.Path;
        }
        string interruptedPath;
        using (var first = TrainingSession.Start(config with { Iterations = 3 }, root.Path))
        {
            first.Run();
            interruptedPath = first.Folder.Path;
        }
        using (var resumed = TrainingSession.Resume(interruptedPath, c => c with { Iterations = 8 }))
            resumed.Run();
        var a = Checkpoint.Load(Path.Combine(straightPath, "checkpoint.itt")).State;
        var b = Checkpoint.Load(Path.Combine(interruptedPath, "checkpoint.itt")).State;
        Assert.Equal(8, b.Iteration);
        Assert.Equal(a.Theta.Select(BitConverter.DoubleToInt64Bits), b.Theta.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(a.OptimizerState.SelectMany(x => x), b.OptimizerState.SelectMany(x => x));
        Assert.Equal(a.EnvironmentSteps, b.EnvironmentSteps);
        // The metrics of the resumed run are the same rows as the uninterrupted one's (timings aside).
        var ma = RunFolder.ReadMetrics(Path.Combine(straightPath, "metrics.csv"));
        var mb = RunFolder.ReadMetrics(Path.Combine(interruptedPath, "metrics.csv"));
        Assert.Equal(ma.Select(m => (m.Iteration, m.EnvironmentSteps, m.MeanReturn, m.EvaluationReturn)),
            mb.Select(m => (m.Iteration, m.EnvironmentSteps, m.MeanReturn, m.EvaluationReturn)));
    }

    [Fact]
    public void ResumingWithAnotherConfigurationIsRefusedAndLeavesTheRunAlone()
    {
        using var root = new TempFolder();
        string path;
        using (var s = TrainingSession.Start(new TrainingConfig { Iterations = 2 }, root.Path))
        {
            s.Run();
            path = s.Folder.Path;
        }
        var before = File.ReadAllBytes(Path.Combine(path, "checkpoint.itt"));
        var e = Assert.Throws<ConfigurationMismatchException>(() => TrainingSession.Resume(path, c => c with { Sigma = 0.5 }));
        Assert.Contains("sigma", e.Message);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(path, "checkpoint.itt")));
        // Thread count and iterations may change.
        using var ok = TrainingSession.Resume(path, c => c with { Threads = 1, Iterations = 3 });
        ok.Run();
        Assert.Equal(3, ok.Trainer.Iteration);
    }

    [Fact]
    public void CorruptOrTruncatedCheckpointsAreDetected()
    {
        using var root = new TempFolder();
        var config = new TrainingConfig();
        var state = new TrainingState
        {
            // D = 5 for the default ITT on CartPole: a loaded θ must fit the architecture.
            Iteration = 4, Theta = [1.5, -2.25, double.Epsilon, 1e300, -0.0], OptimizerState = [], OptimizerSteps = 4,
            EnvironmentSteps = 10, ElapsedSeconds = 0.5,
        };
        string path = Path.Combine(root.Path, "c.itt");
        Checkpoint.Save(path, config, state);
        var (loadedConfig, loaded) = Checkpoint.Load(path);
        Assert.Equal(config, loadedConfig);
        Assert.Equal(state.Theta.Select(BitConverter.DoubleToInt64Bits), loaded.Theta.Select(BitConverter.DoubleToInt64Bits));

        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"iteration\": 4", "\"iteration\": 5"));
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        File.WriteAllText(path, text[..(text.Length / 2)]);
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        File.WriteAllText(path, "hello");
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(path));
        Assert.Throws<CheckpointException>(() => Checkpoint.Load(Path.Combine(root.Path, "missing.itt")));
    }

    [Fact]
    public void ConfigHashIgnoresOnlyIterationsThreadsAndCheckpointInterval()
    {
        var c = new TrainingConfig();
        Assert.Equal(c.Hash, (c with { Iterations = 5, Threads = 2, CheckpointEvery = 3 }).Hash);
        Assert.NotEqual(c.Hash, (c with { Seed = 2 }).Hash);
        Assert.NotEqual(c.Hash, (c with { Layers = c.Layers with { Width = 3 } }).Hash);
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "itt-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
