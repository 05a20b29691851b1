using Itt.Environments.Registry;
using Itt.Policies;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;
using Itt.Training.Optimization;
using Itt.Training.Strategy;

namespace Itt.Tests.Training;

/// <summary>The ask/tell strategy against the trainer, and user-supplied optimizers and shapers.</summary>
public class AskTellTests
{
    private static double[] TrainWithTrainer(TrainingConfig config)
    {
        using var trainer = new EsTrainer(config);
        while (trainer.Iteration < config.Iterations) trainer.Step();
        return trainer.Theta.ToArray();
    }

    private static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Theory]
    [InlineData("CartPole-v1", PolicyKind.Itt, GradientEstimator.Antithetic, OptimizerKind.Sgd, FitnessShaping.None, 1)]
    [InlineData("Pendulum-v1", PolicyKind.Itt, GradientEstimator.ForwardDifference, OptimizerKind.Adam, FitnessShaping.CenteredRanks, 3)]
    [InlineData("MountainCarContinuous-v0", PolicyKind.Iot, GradientEstimator.Antithetic, OptimizerKind.Adam, FitnessShaping.CenteredRanks, 1)]
    public void AskTellOverTheLocalEvaluatorGivesTheTrainersThetaBitForBit(string env, PolicyKind kind, GradientEstimator estimator,
        OptimizerKind optimizer, FitnessShaping shaping, int lazyEvery)
    {
        var config = new TrainingConfig
        {
            Environment = env, Policy = kind, Iterations = 5, Seed = 12, ActionSamples = 30, Estimator = estimator,
            Optimizer = optimizer, Shaping = shaping, ActionTowerEvery = lazyEvery, IterationEvaluationEpisodes = 0, Threads = 2,
        };
        var architecture = EsTrainer.ArchitectureFor(config);
        var strategy = new EsStrategy(config, architecture);
        using var evaluator = new LocalEvaluator(config, architecture, config.PolicyOptions(), threads: 2);
        while (strategy.Iteration < config.Iterations)
        {
            var generation = strategy.Ask();
            var returns = evaluator.Evaluate(generation.ToRequest(evaluationEpisodes: 0));
            strategy.Tell(returns.Plus, returns.Minus, returns.Center);
        }
        Assert.Equal(Bits(TrainWithTrainer(config)), Bits(strategy.Theta.ToArray()));
    }

    [Fact]
    public void AHandWrittenRolloutLoopOverWriteParametersGivesTheTrainersTheta()
    {
        // The user's own loop: one policy, one environment, episodes run by hand with the streams the evaluators use.
        var config = new TrainingConfig { Environment = "CartPole-v1", Iterations = 3, Seed = 8, IterationEvaluationEpisodes = 0, Threads = 1 };
        var architecture = EsTrainer.ArchitectureFor(config);
        var strategy = new EsStrategy(config, architecture);
        using var env = EnvironmentRegistry.Make(config.Environment);
        var policy = Policy.Create(architecture, config.PolicyOptions());
        var theta = new float[architecture.ParameterCount];
        policy.Bind(theta);
        var observation = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        while (strategy.Iteration < config.Iterations)
        {
            var generation = strategy.Ask();
            var plus = new double[generation.Count];
            var minus = new double[generation.Count];
            for (int i = 0; i < generation.Count; i++)
                foreach (var (sign, returns) in new[] { (1, plus), (-1, minus) })
                {
                    generation.WriteParameters(i, sign, theta);
                    var job = new RolloutJob(sign > 0 ? JobKind.Plus : JobKind.Minus, i);
                    policy.BeginEpisode(job.PolicyRandom(config.Seed, generation.Iteration, 0), RolloutJob.CandidateSetKey(config.Seed, generation.Iteration));
                    env.Reset(job.EnvironmentSeed(config.Seed, generation.Iteration, 0), observation);
                    double total = 0;
                    for (bool done = false; !done;)
                    {
                        policy.Act(observation, action);
                        var step = env.Step(action, observation);
                        total += step.Reward;
                        done = step.Done;
                    }
                    returns[i] = total;
                }
            strategy.Tell(plus, minus);
        }
        Assert.Equal(Bits(TrainWithTrainer(config)), Bits(strategy.Theta.ToArray()));
    }

    /// <summary>θ ← θ + 2ηĝ: a user's update rule.</summary>
    private sealed class DoubleStepSgd(double learningRate) : Optimizer
    {
        public override void Step(Span<double> theta, ReadOnlySpan<double> gradient)
        {
            for (int k = 0; k < theta.Length; k++) theta[k] += 2 * learningRate * gradient[k];
            Steps++;
        }

        public override IReadOnlyList<double[]> StateArrays => [];
    }

    /// <summary>Returns only their sign: a user's shaping.</summary>
    private sealed class SignShaper : IFitnessShaper
    {
        public double[] Apply(ReadOnlySpan<double> returns) => returns.ToArray().Select(r => (double)Math.Sign(r)).ToArray();
    }

    [Fact]
    public void TellAppliesTheSuppliedOptimizerAndShaperToItsEstimate()
    {
        // Hand-made returns on a 3-parameter explicit policy: the update must be exactly 2η·(1/(2σM))·Σ (s(F+) − s(F−)) ε_i.
        var config = new TrainingConfig { Environment = "MountainCarContinuous-v0", Policy = PolicyKind.Explicit, Seed = 3, Sigma = 0.5, LearningRate = 0.1 };
        var architecture = EsTrainer.ArchitectureFor(config);
        var strategy = new EsStrategy(config, architecture, new DoubleStepSgd(config.LearningRate), new SignShaper());
        var before = strategy.Theta.ToArray();
        var generation = strategy.Ask();
        Assert.Same(generation, strategy.Ask());
        int m = generation.Count;
        var plus = Enumerable.Range(0, m).Select(i => i % 2 == 0 ? 5.0 : -2.0).ToArray();
        var minus = Enumerable.Range(0, m).Select(i => -1.0).ToArray();
        var update = strategy.Tell(plus, minus);
        for (int k = 0; k < before.Length; k++)
        {
            double g = 0;
            for (int i = 0; i < m; i++) g += (Math.Sign(plus[i]) - Math.Sign(minus[i])) * generation.Noise.Row(i)[k];
            g /= 2 * config.Sigma * m;
            Assert.Equal(before[k] + 2 * config.LearningRate * g, strategy.Theta[k], 12);
        }
        Assert.Equal(1, update.Iteration);
        Assert.Equal(1, strategy.Iteration);
        Assert.Throws<InvalidOperationException>(() => strategy.Tell(plus, minus)); // nothing asked since
    }
}
