using Itt.Training.Presets;
using Itt.Policies;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Runs;

namespace Itt.Tests.Training;

/// <summary><see cref="TrainingConfig.TargetReturn"/> ends a run early without touching θ or the configuration hash.</summary>
public class TargetReturnTests
{
    private static long[] Bits(ReadOnlySpan<double> values) => values.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();

    private static TrainingConfig CartPole => PaperPresets.Find("CartPole-v1")!.ConfigFor(PolicyKind.Itt, 1) with { Threads = 2 };

    [Fact]
    public void TheTargetDoesNotEnterTheHashOfAnExistingConfiguration()
    {
        // 0229473069af5c62: the hash that the build before the option existed wrote into the checkpoint of
        // `itt train` (CartPole-v1 preset, ITT, seed 1); committed comparisons and running campaigns find their runs by it.
        Assert.Equal("0229473069af5c62", CartPole.Hash);
        Assert.Equal("0229473069af5c62", (CartPole with { TargetReturn = 500 }).Hash);
        Assert.Empty((CartPole with { TargetReturn = 475 }).DifferencesFrom(CartPole));
    }

    [Fact]
    public void ARunStopsAtTheFirstEvaluationThatReachesTheTargetWithTheThetaOfThatManyIterations()
    {
        using var root = new TempFolder();
        var config = CartPole with { TargetReturn = 500 };
        using var session = TrainingSession.Start(config, root.Path);
        session.Run();

        var rows = session.Folder.ReadMetrics();
        int stop = session.Trainer.Iteration;
        Assert.True(session.ReachedTarget);
        Assert.InRange(stop, 1, config.Iterations - 1); // solved well inside the preset's 200 iterations
        Assert.Equal(Enumerable.Range(1, stop), rows.Select(r => r.Iteration));
        Assert.Equal(500, rows[^1].EvaluationReturn);
        Assert.All(rows.SkipLast(1), r => Assert.True(r.EvaluationReturn < 500));

        // θ is exactly that of a plain trainer run for the same number of iterations, and it is what the checkpoint holds.
        using var plain = new EsTrainer(config with { TargetReturn = null });
        while (plain.Iteration < stop) plain.Step();
        var saved = Checkpoint.Load(session.Folder.CheckpointPath).State;
        Assert.Equal(stop, saved.Iteration);
        Assert.Equal(Bits(plain.Theta), Bits(saved.Theta));
    }

    [Fact]
    public void AResumedRunThatReachedItsTargetStaysStoppedAndWithoutTheTargetContinuesBitIdentically()
    {
        using var root = new TempFolder();
        var config = CartPole with { TargetReturn = 500, Iterations = 40 };
        string path;
        int stop;
        using (var session = TrainingSession.Start(config, root.Path))
        {
            session.Run();
            (path, stop) = (session.Folder.Path, session.Trainer.Iteration);
        }
        using (var again = TrainingSession.Resume(path))
        {
            Assert.True(again.ReachedTarget);
            again.Run();
            Assert.Equal(stop, again.Trainer.Iteration);
        }
        using (var onwards = TrainingSession.Resume(path, c => c with { TargetReturn = null }))
            onwards.Run();

        using var straight = new EsTrainer(config with { TargetReturn = null });
        while (straight.Iteration < config.Iterations) straight.Step();
        var resumed = Checkpoint.Load(Path.Combine(path, "checkpoint.itt")).State;
        Assert.Equal(40, resumed.Iteration);
        Assert.Equal(Bits(straight.Theta), Bits(resumed.Theta));
        Assert.Equal(Enumerable.Range(1, 40), RunFolder.ReadMetrics(Path.Combine(path, "metrics.csv")).Select(r => r.Iteration));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ANonFiniteTargetIsRejected(double target)
        => Assert.Contains("target return", new TrainingConfig { TargetReturn = target }.Validate());

    [Fact]
    public void ATargetWithoutEvaluationEpisodesIsRejected()
        => Assert.Contains("evaluation episodes", new TrainingConfig { TargetReturn = 500, IterationEvaluationEpisodes = 0 }.Validate());

    [Fact]
    public void ACancelledRunCheckpointsItsLastIterationWhateverTheCadence()
    {
        using var root = new TempFolder();
        using var cancel = new CancellationTokenSource();
        using var session = TrainingSession.Start(CartPole with { CheckpointEvery = 1000 }, root.Path);
        session.Run(m => { if (m.Iteration == 7) cancel.Cancel(); }, cancel.Token);
        Assert.Equal(7, Checkpoint.Load(session.Folder.CheckpointPath).State.Iteration);
        // The folder is created with its iteration-0 checkpoint; the session then writes only the final state, nothing between
        // (every 1000 iterations at most).
        Assert.Equal(1, session.CheckpointsWritten);
        Assert.Equal(7, session.Folder.ReadMetrics().Count);
    }
}

/// <summary>The README's main job: <c>itt train --target-return 500</c> solves CartPole-v1, says so and records it.</summary>
public class TargetReturnCliTests
{
    [Fact]
    public void TrainWithATargetStopsEarlyAndRecordsWhereInResults()
    {
        using var root = new TempFolder();
        var output = new StringWriter();
        var error = new StringWriter();
        int code = Itt.Cli.CommandLineApp.Run(["train", "--target-return", "500", "--runs-dir", root.Path, "--final-eval-episodes", "2", "--no-progress"], output, error);
        Assert.True(code == 0, error.ToString());
        string folder = Assert.Single(Directory.GetDirectories(root.Path));
        var rows = RunFolder.ReadMetrics(Path.Combine(folder, "metrics.csv"));
        Assert.Contains($"reached the target return 500 in iteration {rows.Count}'s evaluation", output.ToString());
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "results.json")));
        Assert.Equal(500, results.RootElement.GetProperty("targetReturn").GetDouble());
        Assert.True(results.RootElement.GetProperty("reachedTarget").GetBoolean());
        Assert.Equal(rows.Count, results.RootElement.GetProperty("iterations").GetInt32());
        Assert.True(rows.Count < 200);

        var bad = Itt.Cli.CommandLineApp.Run(["train", "--target-return", "NaN", "--runs-dir", root.Path], output, error);
        Assert.Equal(2, bad);
    }
}
