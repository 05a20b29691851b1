using Itt.Training.Presets;
using Itt.Policies;
using Itt.Training;
using Xunit;
using Xunit.Abstractions;

namespace Itt.Tests.MuJoCo;

/// <summary>Short ES runs from the paper presets: the MuJoCo tasks are trainable end to end.</summary>
public sealed class TrainingSmokeTests(ITestOutputHelper output)
{
    [MuJoCoFact]
    public void Itt_balances_InvertedPendulum_for_1000_steps()
    {
        var config = PaperPresets.Find("InvertedPendulum-v4")!.ConfigFor(PolicyKind.Itt, seed: 1) with
        {
            Iterations = 30,
            ActionSamples = 100, // N = 1000 in the paper; 100 candidates in [−3, 3] keep this test fast
        };
        using var trainer = new EsTrainer(config);
        double best = double.NegativeInfinity;
        for (int i = 0; i < config.Iterations && best < 1000; i++)
        {
            var metrics = trainer.Step();
            best = Math.Max(best, metrics.EvaluationReturn);
            output.WriteLine($"iteration {metrics.Iteration}: evaluation {metrics.EvaluationReturn}, mean {metrics.MeanReturn}, {metrics.Seconds:F2} s");
        }
        Assert.Equal(1000, best);
    }

    [MuJoCoFact]
    public void Itt_improves_its_Swimmer_return()
    {
        var config = PaperPresets.Find("Swimmer-v4")!.ConfigFor(PolicyKind.Itt, seed: 1) with
        {
            Iterations = 15,
            ActionSamples = 50, // N = 1000 in the paper; 50 candidates keep 15 iterations of 41 episodes under a minute
        };
        using var trainer = new EsTrainer(config);
        var evaluations = new List<double>();
        for (int i = 0; i < config.Iterations; i++)
        {
            var metrics = trainer.Step();
            evaluations.Add(metrics.EvaluationReturn);
            output.WriteLine($"iteration {metrics.Iteration}: mean {metrics.MeanReturn:F2}, evaluation {metrics.EvaluationReturn:F2}, {metrics.Seconds:F2} s");
        }
        // Return of the unperturbed θ, averaged over the first and the last three iterations.
        double first = evaluations.Take(3).Average(), last = evaluations.TakeLast(3).Average();
        Assert.True(last > first + 20, $"return of θ over the first 3 iterations {first:F2}, over the last 3 {last:F2}");
    }
}
