using Itt.Training.Presets;
using Itt.Policies;
using Itt.Training;
using Itt.Training.Evaluation;

namespace Itt.Tests.Training;

/// <summary>ITT learns the classic tasks within the preset budgets, for a fixed set of seeds.</summary>
public class LearningTests
{
    private static double TrainAndEvaluate(string env, ulong seed, int? iterations = null)
    {
        var config = PaperPresets.Find(env)!.ConfigFor(PolicyKind.Itt, seed);
        if (iterations is int n) config = config with { Iterations = n };
        using var trainer = new EsTrainer(config);
        while (trainer.Iteration < config.Iterations) trainer.Step();
        return PolicyEvaluation.Run(config, trainer.Architecture, trainer.Theta, 10, 777).Average();
    }

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    [InlineData(3UL)]
    public void IttSolvesCartPole(ulong seed) => Assert.Equal(500.0, TrainAndEvaluate("CartPole-v1", seed));

    [Theory]
    [InlineData(1UL)]
    [InlineData(2UL)]
    public void IttScoresAbove80OnMountainCarContinuous(ulong seed)
    {
        double mean = TrainAndEvaluate("MountainCarContinuous-v0", seed);
        Assert.True(mean > 80, $"mean return {mean}");
    }
}
