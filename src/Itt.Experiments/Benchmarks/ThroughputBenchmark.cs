using System.Diagnostics;
using Itt.Environments.Registry;

namespace Itt.Experiments.Benchmarks;

/// <summary>
/// Raw simulator throughput: environment steps per second with a null (all-zero) action, on the same number of
/// threads a training run uses, each thread stepping its own environment through whole episodes.
/// </summary>
public static class ThroughputBenchmark
{
    /// <summary>Median environment steps per second over <paramref name="repeats"/> runs of <paramref name="stepsPerThread"/> steps per thread.</summary>
    public static double RawStepsPerSecond(string environmentId, int threads, int stepsPerThread, int repeats)
    {
        var rates = new List<double>();
        for (int rep = -1; rep < repeats; rep++)
        {
            var envs = Enumerable.Range(0, threads).Select(_ => EnvironmentRegistry.Make(environmentId)).ToArray();
            try
            {
                var clock = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var env = envs[t];
                    var obs = new float[env.ObservationSpace.Dimension];
                    var action = new float[env.ActionSpace.Dimension];
                    env.Reset((ulong)(t + 1), obs);
                    for (int s = 0; s < stepsPerThread; s++)
                        if (env.Step(action, obs).Done) env.Reset(null, obs);
                });
                if (rep >= 0) rates.Add(threads * (double)stepsPerThread / clock.Elapsed.TotalSeconds);
            }
            finally
            {
                foreach (var e in envs) e.Dispose();
            }
        }
        return Timing.Median(rates);
    }
}
