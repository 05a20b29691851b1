using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>Every MuJoCo id: the same seed gives the same trajectory, bit for bit; another seed another one.</summary>
public sealed class DeterminismTests
{
    public static TheoryData<string> Ids => new(
        "Hopper-v4", "Walker2d-v4", "HalfCheetah-v4", "Swimmer-v4", "InvertedPendulum-v4",
        "swimmer-swimmer6", "swimmer-swimmer15", "fish-swim", "hopper-stand", "walker-walk");

    [MuJoCoTheory]
    [MemberData(nameof(Ids))]
    public void Same_seed_same_trajectory(string id)
    {
        var first = Rollout(id, seed: 11);
        var second = Rollout(id, seed: 11);
        var other = Rollout(id, seed: 12);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    private static List<float> Rollout(string id, ulong seed)
    {
        using var env = MuJoCoTestSupport.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var trace = new List<float>();
        env.Reset(seed, obs);
        trace.AddRange(obs);
        for (int step = 0; step < 60; step++)
        {
            MuJoCoTestSupport.FillAction(action, step);
            var result = env.Step(action, obs);
            trace.AddRange(obs);
            trace.Add((float)result.Reward);
            if (result.Terminated || result.Truncated) break;
        }
        return trace;
    }
}
