using Itt.Environments.MuJoCo;
using Xunit;

namespace Itt.Tests.MuJoCo;

/// <summary>
/// The restoring reset of <see cref="Itt.Environments.MuJoCo.Physics.MuJoCoSimulation"/> against <c>mj_resetData</c>, on every
/// MuJoCo id: the same bytes in every field it restores, and the same episodes as a freshly made environment.
/// </summary>
public sealed class ResetTests
{
    [MuJoCoTheory]
    [MemberData(nameof(DeterminismTests.Ids), MemberType = typeof(DeterminismTests))]
    public void The_restored_fields_have_the_bytes_of_mj_resetData(string id)
    {
        using var env = (MuJoCoEnvironment)MuJoCoTestSupport.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        void Play(int steps, float scale)
        {
            for (int step = 0; step < steps; step++)
            {
                MuJoCoTestSupport.FillAction(action, step, scale);
                if (env.Step(action, obs).Done) return;
            }
        }

        env.Reset(3, obs);
        Play(40, 1f);
        env.Simulation.ResetNative();
        var native = env.Simulation.RestoredBytes();
        env.Reset(4, obs);
        Play(25, 2f); // another state, other warnings and solver statistics
        env.Simulation.Reset();
        Assert.Equal(native, env.Simulation.RestoredBytes());
    }

    [MuJoCoTheory]
    [MemberData(nameof(DeterminismTests.Ids), MemberType = typeof(DeterminismTests))]
    public void Episodes_after_a_restored_reset_equal_those_of_a_fresh_environment(string id)
    {
        using var reused = MuJoCoTestSupport.Make(id);
        foreach (ulong seed in new ulong[] { 11, 12, 13 })
        {
            using var fresh = MuJoCoTestSupport.Make(id);
            Assert.Equal(Rollout(fresh, seed), Rollout(reused, seed));
        }
    }

    private static List<long> Rollout(global::Itt.Environments.Env env, ulong seed)
    {
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var trace = new List<long>();
        env.Reset(seed, obs);
        var exact = new double[obs.Length];
        for (int step = 0; step < 120; step++)
        {
            MuJoCoTestSupport.FillAction(action, step);
            var result = env.Step(action, obs);
            ((MuJoCoEnvironment)env).ObserveExact(exact);
            trace.AddRange(exact.Select(BitConverter.DoubleToInt64Bits));
            trace.Add(BitConverter.DoubleToInt64Bits(result.Reward));
            if (result.Terminated || result.Truncated) break;
        }
        return trace;
    }
}
