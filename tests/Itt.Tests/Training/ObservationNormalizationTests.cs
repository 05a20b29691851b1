using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Inference;
using Itt.Training.Normalization;
using Itt.Training.Runs;

namespace Itt.Tests.Training;

/// <summary>ARS-style observation normalisation: statistics, determinism across threads, checkpoints and loading.</summary>
public class ObservationNormalizationTests
{
    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void MergedStatisticsMatchTheTwoPassMeanAndVariance()
    {
        var random = new Random(4);
        var rows = Enumerable.Range(0, 57).Select(_ => new[] { (float)(random.NextDouble() * 10 - 3), 2.5f, (float)random.NextDouble() }).ToArray();
        // Three uneven "rollouts" merged, against the textbook formulas over all rows.
        var merged = new ObservationStatistics(3);
        foreach (var (from, to) in new[] { (0, 5), (5, 40), (40, 57) })
        {
            var part = new ObservationStatistics(3);
            for (int r = from; r < to; r++) part.Add(rows[r]);
            merged.Merge(part);
        }
        Assert.Equal(57, merged.Count);
        for (int i = 0; i < 3; i++)
        {
            double mean = rows.Average(r => (double)r[i]);
            double variance = rows.Sum(r => (r[i] - mean) * (r[i] - mean)) / rows.Length;
            Assert.Equal(mean, merged.Mean[i], 12);
            Assert.Equal(variance, merged.SquaredDeviations[i] / merged.Count, 10);
        }
        var normalizer = merged.Freeze();
        Assert.Equal(1f, normalizer.Std[1]); // a constant entry is only centred
        var normalized = new float[3];
        normalizer.Apply([2.5f, 2.5f, 0.5f], normalized);
        Assert.Equal(0f, normalized[1]);
        Assert.Equal((float)((2.5 - rows.Average(r => (double)r[0])) / Math.Sqrt(merged.SquaredDeviations[0] / 57)), normalized[0], 5);
    }

    [Fact]
    public void BeforeAnyObservationTheNormalizerIsTheIdentity()
    {
        var normalizer = new ObservationStatistics(2).Freeze();
        Assert.Equal([0f, 0f], normalizer.Mean.ToArray());
        Assert.Equal([1f, 1f], normalizer.Std.ToArray());
    }

    private static (double[] Theta, ObservationStatistics Observations) Train(TrainingConfig config)
    {
        using var trainer = new EsTrainer(config);
        while (trainer.Iteration < config.Iterations) trainer.Step();
        return (trainer.Theta.ToArray(), trainer.Snapshot().Observations!);
    }

    [Theory]
    [InlineData("Pendulum-v1", Itt.Policies.PolicyKind.Itt)]
    [InlineData("CartPole-v1", Itt.Policies.PolicyKind.Explicit)]
    public void ThetaAndStatisticsAreBitIdenticalForOneAndTwoThreads(string env, Itt.Policies.PolicyKind kind)
    {
        var config = new TrainingConfig { Environment = env, Policy = kind, Iterations = 4, Seed = 5, ActionSamples = 40, NormalizeObservations = true };
        var one = Train(config with { Threads = 1 });
        var two = Train(config with { Threads = 2 });
        Assert.Equal(Bits(one.Theta), Bits(two.Theta));
        Assert.Equal(one.Observations.Count, two.Observations.Count);
        Assert.Equal(Bits(one.Observations.Mean.ToArray()), Bits(two.Observations.Mean.ToArray()));
        Assert.Equal(Bits(one.Observations.SquaredDeviations.ToArray()), Bits(two.Observations.SquaredDeviations.ToArray()));
        Assert.True(one.Observations.Count > 0);

        using var plain = new EsTrainer(config with { NormalizeObservations = false, Threads = 1 });
        while (plain.Iteration < config.Iterations) plain.Step();
        Assert.NotEqual(Bits(one.Theta), Bits(plain.Theta.ToArray())); // the policy really saw normalised observations
    }

    [Fact]
    public void StatisticsRoundTripThroughCheckpointAndResume()
    {
        using var root = new TempFolder();
        var config = new TrainingConfig { Environment = "Pendulum-v1", Iterations = 6, Seed = 2, ActionSamples = 30, NormalizeObservations = true, Threads = 2 };
        var straight = Train(config);

        string folder;
        using (var first = TrainingSession.Start(config with { Iterations = 3 }, root.Path))
        {
            first.Run();
            folder = first.Folder.Path;
        }
        var (_, saved) = Checkpoint.Load(Path.Combine(folder, "checkpoint.itt"));
        Assert.NotNull(saved.Observations);
        using (var resumed = TrainingSession.Resume(folder, c => c with { Iterations = 6 }))
            resumed.Run();
        var (stored, state) = Checkpoint.Load(Path.Combine(folder, "checkpoint.itt"));
        Assert.True(stored.NormalizeObservations);
        Assert.Equal(Bits(straight.Theta), Bits(state.Theta));
        Assert.Equal(Bits(straight.Observations.Mean.ToArray()), Bits(state.Observations!.Mean.ToArray()));
        Assert.Equal(Bits(straight.Observations.SquaredDeviations.ToArray()), Bits(state.Observations.SquaredDeviations.ToArray()));

        var loaded = TrainedPolicy.Load(folder);
        var expected = state.Observations.Freeze();
        Assert.Equal(expected.Mean.ToArray(), loaded.Normalizer!.Mean.ToArray());
        Assert.Equal(expected.Std.ToArray(), loaded.Normalizer.Std.ToArray());
        Assert.Contains("\"normalizeObservations\": true", File.ReadAllText(Path.Combine(folder, "config.json")));
    }

    [Fact]
    public void ARunWithoutNormalisationWritesNoTraceOfIt()
    {
        using var root = new TempFolder();
        using var session = TrainingSession.Start(new TrainingConfig { Iterations = 1, Seed = 2 }, root.Path);
        session.Run();
        Assert.DoesNotContain("normalizeObservations", File.ReadAllText(session.Folder.ConfigPath));
        Assert.DoesNotContain("observations", File.ReadAllText(session.Folder.CheckpointPath));
        Assert.Null(TrainedPolicy.Load(session.Folder.Path).Normalizer);
    }
}
