using Itt.Training.Presets;
using Itt.Policies;
using Itt.Policies.Actions;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>The MuJoCo presets reproduce the parameter counts of the paper's Table 6.</summary>
public sealed class PresetTests
{
    [MuJoCoTheory]
    [InlineData("Swimmer-v4", 20, 22, 20)]
    [InlineData("Hopper-v4", 42, 45, 42)]
    [InlineData("HalfCheetah-v4", 282, 288, 282)]
    [InlineData("Walker2d-v4", 246, 252, 246)]
    [InlineData("swimmer-swimmer6", 2200, 2220, 2200)]
    [InlineData("swimmer-swimmer15", 3100, 3120, 3100)]
    [InlineData("fish-swim", 2180, 2200, 2180)]
    [InlineData("hopper-stand", 1980, 2000, 1980)]
    [InlineData("walker-walk", 2200, 2220, 2200)]
    public void Parameter_counts_match_table_6(string id, int itt, int iot, int explicitCount)
    {
        var preset = PaperPresets.Find(id);
        Assert.NotNull(preset);
        Assert.Equal((itt, iot, explicitCount), preset.ExpectedParameters);
        using var env = MuJoCoTestSupport.Make(id);
        int Count(PolicyKind kind)
            => PolicyArchitecture.Create(kind, env.ObservationSpace.Dimension, env.ActionSpace, preset.LayersFor(kind)).ParameterCount;
        Assert.Equal((itt, iot, explicitCount), (Count(PolicyKind.Itt), Count(PolicyKind.Iot), Count(PolicyKind.Explicit)));
    }

    [Theory]
    [InlineData("swimmer-swimmer6")]
    [InlineData("swimmer-swimmer15")]
    [InlineData("fish-swim")]
    [InlineData("hopper-stand")]
    [InlineData("walker-walk")]
    public void Dm_control_presets_use_the_papers_sampling_settings(string id)
    {
        var preset = PaperPresets.Find(id)!;
        Assert.Equal((0.1, 0.1, 0.1), preset.Sigma);
        Assert.Equal(20, preset.Width);
        Assert.Equal(500, preset.Perturbations);
        Assert.Equal(10_000, preset.ActionSamples);
        Assert.Equal(CandidateSampling.PerIteration, preset.Sampling);
    }

    [Theory]
    [InlineData("Swimmer-v4", 500, 1, 1, 1, true)]
    [InlineData("Hopper-v4", 4000, 1, 1, 1, false)]
    [InlineData("HalfCheetah-v4", 4000, 1, 1, 0.5, false)]
    [InlineData("Walker2d-v4", 4000, 0.5, 0.5, 0.5, false)]
    [InlineData("InvertedPendulum-v4", 500, 1, 1, 1, false)]
    public void Gym_presets_follow_tables_2_and_5(string id, int iterations, double itt, double iot, double explicitSigma, bool linear)
    {
        var preset = PaperPresets.Find(id)!;
        Assert.Equal(iterations, preset.Iterations);
        Assert.Equal((itt, iot, explicitSigma), preset.Sigma);
        Assert.Equal(linear, preset.Linear);
        Assert.Null(preset.Width); // width = action dimension
    }
}
