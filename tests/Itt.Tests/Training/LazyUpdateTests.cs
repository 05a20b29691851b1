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
