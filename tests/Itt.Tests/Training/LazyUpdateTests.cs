using Itt.Policies;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;

namespace Itt.Tests.Training;

public class LazyUpdateTests
{
    [Fact]
    public void LazyScheduleTouchesTheActionTowerOnlyOnUpdateIterations()
    {
        var config = new TrainingConfig { Environment = "Pendulum-v1", Policy = PolicyKind.Itt, ActionTowerEvery = 5, Iterations = 11, ActionSamples = 32, Seed = 2 };
        using var trainer = new EsTrainer(config);
        int offset = trainer.Architecture.ActionTowerOffset, d = trainer.Architecture.ParameterCount;
        for (int k = 0; k < config.Iterations; k++)
        {
            bool update = k % 5 == 0;
            Assert.Equal(update ? d : offset, trainer.ActiveCoordinates(k));
            Assert.Equal(update ? d : offset, trainer.PerturbationsAt(k)); // M = D rule: M follows the perturbed dimension
            var noise = PerturbationBlock.Create(config.Seed, k, trainer.PerturbationsAt(k), d, trainer.ActiveCoordinates(k));
            for (int i = 0; i < noise.Count; i++)
            {
                var row = noise.Row(i).ToArray();
                Assert.Equal(update, row[offset..].Any(v => v != 0));
                Assert.Contains(row[..offset], v => v != 0);
            }
            var before = trainer.Theta.ToArray();
            trainer.Step();
            var after = trainer.Theta.ToArray();
            Assert.Equal(update, !before[offset..].SequenceEqual(after[offset..]));
            Assert.False(before[..offset].SequenceEqual(after[..offset]));
        }
    }

    [Fact]
    public void ALazyIterationMovesTheStateTowerByTheEstimatorOverItsOwnPerturbations()
    {
        // Iteration 1 of an every-5 schedule: M = the state tower's size, the action tower left exactly as it was, and
        // the state tower moved by η Σ (F⁺ − F⁻) ε_i / (2σM), summed here by hand from the iteration's own returns.
        var config = new TrainingConfig { Environment = "Pendulum-v1", Policy = PolicyKind.Itt, ActionTowerEvery = 5, Iterations = 2,
            ActionSamples = 32, Seed = 2, IterationEvaluationEpisodes = 0 };
        using var trainer = new EsTrainer(config);
        trainer.Step();
        int offset = trainer.Architecture.ActionTowerOffset, d = trainer.Architecture.ParameterCount;
        var before = trainer.Theta.ToArray();
        var noise = PerturbationBlock.Create(config.Seed, 1, trainer.PerturbationsAt(1), d, trainer.ActiveCoordinates(1));
        using var local = new Itt.Training.Evaluation.LocalEvaluator(config, trainer.Architecture, config.PolicyOptions(), 1);
        var result = local.Evaluate(new(1, before, config.Sigma, noise, true, false, 0));
        trainer.Step();
        var after = trainer.Theta.ToArray();
        Assert.Equal(offset, noise.Count);
        Assert.Equal(before[offset..], after[offset..]);
        for (int k = 0; k < offset; k++)
        {
            double g = Enumerable.Range(0, noise.Count).Sum(i => (result.Plus[i] - result.Minus[i]) * noise.Row(i)[k]) / (2 * config.Sigma * noise.Count);
            Assert.Equal(before[k] + config.LearningRate * g, after[k], 1e-9 * Math.Max(1, Math.Abs(after[k])));
        }
        Assert.NotEqual(before[..offset], after[..offset]);
    }

    [Fact]
    public void PartialBlocksStayOrthogonalInTheirSubspace()
    {
        var block = PerturbationBlock.Create(1, 3, count: 4, dimension: 10, active: 4);
        for (int i = 0; i < 4; i++)
        for (int j = 0; j < i; j++)
        {
            double dot = 0;
            for (int k = 0; k < 10; k++) dot += block.Row(i)[k] * block.Row(j)[k];
            Assert.True(Math.Abs(dot) < 1e-10);
        }
    }
}
