using Itt.Environments.Registry;
using Itt.Training.Presets;
using Itt.Policies;

namespace Itt.Tests.Policies;

public class ArchitectureTests
{
    public static TheoryData<string> PresetsWithPaperCounts()
    {
        var data = new TheoryData<string>();
        foreach (var p in PaperPresets.All.Values.Where(p => p.ExpectedParameters is not null)) data.Add(p.Environment);
        return data;
    }

    [Theory]
    [MemberData(nameof(PresetsWithPaperCounts))]
    public void PresetParameterCountsEqualTable6(string environment)
    {
        var preset = PaperPresets.Find(environment)!;
        var spec = EnvironmentRegistry.Get(environment);
        using var env = spec.Create();
        var counts = new[] { PolicyKind.Itt, PolicyKind.Iot, PolicyKind.Explicit }
            .Select(k => PolicyArchitecture.Create(k, env.ObservationSpace.Dimension, env.ActionSpace, preset.LayersFor(k)).ParameterCount)
            .ToArray();
        var expected = preset.ExpectedParameters!.Value;
        Assert.Equal(new[] { expected.Itt, expected.Iot, expected.Explicit }, counts);
    }

    [Fact]
    public void ClassicControlCountsAreTheOnesOfTable6()
    {
        // Table 6 of the paper, ITT/IOT/explicit.
        var table6 = new Dictionary<string, (int, int, int)>
        {
            ["CartPole-v1"] = (6, 7, 6), ["MountainCar-v0"] = (4, 5, 4),
            ["Acrobot-v1"] = (8, 9, 8), ["MountainCarContinuous-v0"] = (3, 4, 3),
        };
        foreach (var (id, counts) in table6) Assert.Equal(counts, PaperPresets.Find(id)!.ExpectedParameters);
    }

    [Fact]
    public void ParameterCountIsTheSumOfLayerProducts()
    {
        var box = Itt.Environments.Spaces.BoxSpace.Uniform(6, -1, 1);
        var itt = PolicyArchitecture.Create(PolicyKind.Itt, 17, box, new LayerOptions(StateLayers: 4, ActionLayers: 2));
        Assert.Equal(17 * 6 + 3 * 36 + 2 * 36, itt.ParameterCount); // HalfCheetah's 282
        Assert.Equal(17 * 6 + 3 * 36, itt.ActionTowerOffset);
        var iot = PolicyArchitecture.Create(PolicyKind.Iot, 17, box, new LayerOptions(NetworkLayers: 6));
        Assert.Equal(23 * 6 + 4 * 36 + 6, iot.ParameterCount); // 288
    }
}
