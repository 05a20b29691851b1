using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace Itt.Tests.MuJoCo;

/// <summary>Stepping allocates nothing, and the raw step rate is reported (for comparison with training steps/s).</summary>
public sealed class StepCostTests(ITestOutputHelper output)
{
    [MuJoCoTheory]
    [MemberData(nameof(DeterminismTests.Ids), MemberType = typeof(DeterminismTests))]
    public void Step_allocates_nothing(string id)
    {
        using var env = MuJoCoTestSupport.Make(id);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        env.Reset(1, obs);
        // Warm up long enough for tiered JIT to replace the first, unoptimised code (it waits ~100 ms).
        long warmup = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(warmup).TotalMilliseconds < 300) Run(env, obs, action, 100);
        const int steps = 3000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        Run(env, obs, action, steps);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        output.WriteLine($"{id}: {steps / seconds:F0} environment steps/s (one thread, resets included)");
        Assert.Equal(0, allocated);
    }

    private static void Run(global::Itt.Environments.Env env, float[] obs, float[] action, int steps)
    {
        for (int step = 0; step < steps; step++)
        {
            MuJoCoTestSupport.FillAction(action, step);
            var result = env.Step(action, obs);
            if (result.Terminated || result.Truncated) env.Reset(null, obs);
        }
    }
}
