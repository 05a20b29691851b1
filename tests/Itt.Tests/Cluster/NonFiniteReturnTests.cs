using Itt.Cli;
using Itt.Training;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Runs;
using Itt.Tests.Training;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>Bad returns from a worker: fail naming the perturbation, or drop its pair; a non-finite θ is never checkpointed.</summary>
public class NonFiniteReturnTests
{
    private static readonly TrainingConfig Config = new() { Environment = TestEnvironments.NaNReward, Seed = 4, Perturbations = 16, Iterations = 3, IterationEvaluationEpisodes = 0 };

    public NonFiniteReturnTests() => TestEnvironments.Register();

    [Fact]
    public void FailNamesTheSeedAndPerturbation()
    {
        using var trainer = new EsTrainer(Config with { NonFiniteReturns = NonFiniteReturns.Fail });
        var e = Assert.Throws<NonFiniteException>(() => trainer.Step());
        Assert.Matches(@"non-finite return \(NaN\) at iteration 1: seed 4, perturbation \d+", e.Message);
        Assert.Equal(0, trainer.Iteration);
    }

    [Fact]
    public void DropPairAveragesOverTheRemainingPairsDeterministically()
    {
        var config = Config with { NonFiniteReturns = NonFiniteReturns.DropPair };
        using var trainer = new EsTrainer(config);
        var before = trainer.Theta.ToArray();
        var noise = PerturbationBlock.Create(config.Seed, 0, 16, trainer.Architecture.ParameterCount);
        trainer.Step();
        Assert.InRange(trainer.DroppedPerturbations, 1, 15);
        Assert.All(trainer.Theta.ToArray(), t => Assert.True(double.IsFinite(t)));

        // The update equals the antithetic estimator over the kept pairs alone, M = kept count.
        using var local = new Itt.Training.Evaluation.LocalEvaluator(config, trainer.Architecture, config.PolicyOptions(), 1);
        var result = local.Evaluate(new(0, before, config.Sigma, noise, true, false, 0));
        var kept = Enumerable.Range(0, 16).Where(i => double.IsFinite(result.Plus[i]) && double.IsFinite(result.Minus[i])).ToArray();
        Assert.Equal(16 - trainer.DroppedPerturbations, kept.Length);
        var g = EsGradient.Antithetic(kept.Select(i => result.Plus[i]).ToArray(), kept.Select(i => result.Minus[i]).ToArray(), noise, config.Sigma, kept);
        for (int k = 0; k < g.Length; k++) // the estimator by hand: Σ over kept pairs of (F⁺ − F⁻) ε_ik / (2σ · kept)
        {
            double hand = kept.Sum(i => (result.Plus[i] - result.Minus[i]) * noise.Row(i)[k]) / (2 * config.Sigma * kept.Length);
            Assert.Equal(hand, g[k], 1e-9 * Math.Max(1, Math.Abs(hand)));
        }
        var expected = before.Select((t, k) => t + config.LearningRate * g[k]);
        Assert.Equal(Bits(expected), Bits(trainer.Theta.ToArray()));

        Assert.Equal(Bits(Train(config with { Threads = 1 })), Bits(Train(config with { Threads = 2 })));
    }

    [Fact]
    public void AnEpisodeWhoseSimulationDivergesReturnsNaN()
    {
        // The same episodes as NaNReward's fail, by a SimulationDivergedException at their first step instead of NaN
        // rewards: the same perturbation is named under Fail, and under DropPair the same pairs go, so θ is the same.
        using (var trainer = new EsTrainer(Config with { Environment = TestEnvironments.Diverging, NonFiniteReturns = NonFiniteReturns.Fail }))
        {
            var diverged = Assert.Throws<NonFiniteException>(() => trainer.Step());
            using var nan = new EsTrainer(Config with { NonFiniteReturns = NonFiniteReturns.Fail });
            Assert.Equal(Assert.Throws<NonFiniteException>(() => nan.Step()).Message, diverged.Message);
        }
        var dropPair = Config with { NonFiniteReturns = NonFiniteReturns.DropPair };
        Assert.Equal(Bits(Train(dropPair)), Bits(Train(dropPair with { Environment = TestEnvironments.Diverging })));
    }

    [Fact]
    public void TheCliFailsWithOneLineUnderFailAndTrainsUnderDropPair()
    {
        using var root = new TempFolder();
        var (code, error) = Run("train", "--env", TestEnvironments.NaNReward, "-M", "16", "--iterations", "2", "--seed", "4", "--runs-dir", root.Path, "--no-progress");
        Assert.Equal(1, code);
        Assert.Matches(@"^itt: failed: non-finite return \(NaN\) at iteration 1: seed 4, perturbation \d+ \(θ \+ σε\)$", error.Trim());
        var folder = Assert.Single(Directory.GetDirectories(root.Path));
        Assert.Equal(0, Checkpoint.Load(Path.Combine(folder, "checkpoint.itt")).State.Iteration);

        (code, error) = Run("train", "--env", TestEnvironments.NaNReward, "-M", "16", "--iterations", "2", "--seed", "4", "--runs-dir", root.Path,
            "--no-progress", "--non-finite-returns", "drop-pair", "--final-eval-episodes", "0", "--iteration-eval-episodes", "0");
        Assert.True(code == 0, error);
        Assert.Equal(2, Directory.GetDirectories(root.Path).Length);

        (code, error) = Run("train", "--non-finite-returns", "ignore", "--runs-dir", root.Path);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void ANonFiniteThetaStopsTheRunWithoutACheckpoint()
    {
        using var root = new TempFolder();
        var (code, error) = Run("train", "--env", TestEnvironments.HugeReward, "-M", "4", "--iterations", "3", "--learning-rate", "1e10",
            "--runs-dir", root.Path, "--no-progress", "--iteration-eval-episodes", "0");
        Assert.Equal(1, code);
        Assert.Matches(@"^itt: failed: (θ became non-finite|non-finite gradient) at iteration 1 \(seed 1\); θ was not updated$", error.Trim());
        var folder = Assert.Single(Directory.GetDirectories(root.Path));
        var state = Checkpoint.Load(Path.Combine(folder, "checkpoint.itt")).State;
        Assert.Equal(0, state.Iteration);
        Assert.All(state.Theta, t => Assert.True(double.IsFinite(t)));
        Assert.Empty(RunFolder.ReadMetrics(Path.Combine(folder, "metrics.csv")));
    }

    private static (int Code, string Error) Run(params string[] args)
    {
        var error = new StringWriter();
        int code = CommandLineApp.Run(args, new StringWriter(), error);
        return (code, error.ToString());
    }
}
