using Itt.Environments.Box2D.Lander;
using Itt.Training.Presets;
using Itt.Policies;
using Itt.Training;
using Xunit;

namespace Itt.Tests.Box2D;

/// <summary>The lander can be solved: by a controller written from the physics, and ES improves an ITT policy on it.</summary>
public sealed class LunarLanderControlTests
{


    [Box2DTheory]
    [InlineData(true)]
    [InlineData(false)]
    public void APdControllerLandsOnMostSeeds(bool continuous)
    {
        using var env = new LunarLander(continuous) { MaxEpisodeSteps = 1000 };
        var controller = new PdLanderController();
        var returns = Enumerable.Range(0, 10).Select(seed => LanderTestKit.Episode(env, (ulong)seed, controller)).ToArray();
        Assert.True(returns.Count(r => r > 200) >= 8, $"returns: {string.Join(", ", returns.Select(r => r.ToString("F0")))}");
    }

    [Box2DFact]
    public void PresetMatchesTheParameterCountsOfTable6()
    {
        var preset = PaperPresets.Find("LunarLanderContinuous-v3")!;
        Assert.Equal((1.0, 1.0, 1.0), preset.Sigma);
        Assert.Equal(500, preset.Iterations);
        var counts = new[] { PolicyKind.Itt, PolicyKind.Iot, PolicyKind.Explicit }
            .Select(kind => EsTrainer.ArchitectureFor(preset.ConfigFor(kind, 1)).ParameterCount).ToArray();
        Assert.Equal([preset.ExpectedParameters!.Value.Itt, preset.ExpectedParameters.Value.Iot, preset.ExpectedParameters.Value.Explicit], counts);
        Assert.Equal([20, 22, 20], counts);
        Assert.NotNull(PaperPresets.Find("LunarLander-v3"));
    }

    [Box2DFact]
    public void EsImprovesAnIttPolicy()
    {
        var config = PaperPresets.Find("LunarLanderContinuous-v3")!.ConfigFor(PolicyKind.Itt, seed: 1) with { Iterations = 20 };
        using var trainer = new EsTrainer(config);
        var means = Enumerable.Range(0, config.Iterations).Select(_ => trainer.Step().MeanReturn).ToArray();
        double first = means.Take(3).Average(), last = means.TakeLast(3).Average();
        Assert.True(last > first + 100, $"mean returns per iteration: {string.Join(", ", means.Select(m => m.ToString("F0")))}");
    }
}
