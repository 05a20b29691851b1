using System.Diagnostics;
using System.Globalization;
using Itt.Environments.Registry;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Benchmarks;

/// <summary>
/// Simulator against training throughput, measured in the same time windows: every repeat measures the raw simulator
/// (null policy) before, between and after an ITT and an explicit training measurement, so each training rate is
/// divided by raw rates taken next to it rather than minutes apart. Each measurement also records the process's CPU
/// time, so rates can be compared per CPU-second across thread counts on a shared machine.
/// </summary>
public static class ThroughputBenchmark
{
    /// <summary>One timed measurement: environment steps per wall-clock second and CPU microseconds per step.</summary>
    public readonly record struct Measurement(double StepsPerSecond, double CpuMicrosecondsPerStep);

    /// <summary>Median, minimum and maximum of repeated values.</summary>
    public readonly record struct Spread(double Median, double Min, double Max)
    {
        /// <summary>The spread of <paramref name="values"/>.</summary>
        public static Spread Of(IEnumerable<double> values)
        {
            var v = values.ToArray();
            return new Spread(Summary.Median(v), v.Min(), v.Max());
        }

        /// <inheritdoc />
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Median:0.00} ({Min:0.00}–{Max:0.00})");
    }

    /// <summary>What <see cref="Run"/> measured on one task and thread count, over its repeats.</summary>
    /// <param name="Raw">Raw steps/s (each repeat: the mean of its three raw measurements).</param>
    /// <param name="Itt">ITT training steps/s.</param>
    /// <param name="Explicit">Explicit training steps/s.</param>
    /// <param name="IttOverRaw">ITT over the raw rate measured just before and after it.</param>
    /// <param name="ExplicitOverRaw">Explicit over the raw rate just before and after it: the simulator under a moving policy plus ES bookkeeping.</param>
    /// <param name="IttOverExplicit">ITT over explicit, from the same repeat.</param>
    /// <param name="RawCpu">CPU µs per raw step.</param>
    /// <param name="IttCpu">CPU µs per ITT training step.</param>
    /// <param name="ExplicitCpu">CPU µs per explicit training step.</param>
    /// <param name="ShortRollouts">Null-policy episodes per second, each reset and cut after a few steps (the cost of a reset).</param>
    public sealed record Result(Spread Raw, Spread Itt, Spread Explicit, Spread IttOverRaw, Spread ExplicitOverRaw, Spread IttOverExplicit,
        Spread RawCpu, Spread IttCpu, Spread ExplicitCpu, Spread ShortRollouts);

    /// <summary>
    /// <paramref name="repeats"/> repeats (after one unmeasured warm-up) of: raw, ITT training, raw, explicit training,
    /// raw, short rollouts. Training measurements run <paramref name="iterations"/> iterations of a fresh trainer after
    /// one warm-up iteration.
    /// </summary>
    public static Result Run(string environmentId, TrainingConfig itt, TrainingConfig explicitConfig, int threads,
        int rawStepsPerThread, int iterations, int repeats, int shortEpisodeSteps)
    {
        var rows = new List<(Measurement R0, Measurement I, Measurement R1, Measurement E, Measurement R2, double Short)>();
        for (int rep = -1; rep < repeats; rep++)
        {
            var r0 = Raw(environmentId, threads, rawStepsPerThread);
            var i = Training(itt, iterations);
            var r1 = Raw(environmentId, threads, rawStepsPerThread);
            var e = Training(explicitConfig, iterations);
            var r2 = Raw(environmentId, threads, rawStepsPerThread);
            double s = ShortRolloutsPerSecond(environmentId, threads, shortEpisodeSteps, rawStepsPerThread / shortEpisodeSteps);
            if (rep >= 0) rows.Add((r0, i, r1, e, r2, s));
        }
        return new Result(
            Spread.Of(rows.Select(r => (r.R0.StepsPerSecond + r.R1.StepsPerSecond + r.R2.StepsPerSecond) / 3)),
            Spread.Of(rows.Select(r => r.I.StepsPerSecond)),
            Spread.Of(rows.Select(r => r.E.StepsPerSecond)),
            Spread.Of(rows.Select(r => r.I.StepsPerSecond / ((r.R0.StepsPerSecond + r.R1.StepsPerSecond) / 2))),
            Spread.Of(rows.Select(r => r.E.StepsPerSecond / ((r.R1.StepsPerSecond + r.R2.StepsPerSecond) / 2))),
            Spread.Of(rows.Select(r => r.I.StepsPerSecond / r.E.StepsPerSecond)),
            Spread.Of(rows.SelectMany(r => new[] { r.R0, r.R1, r.R2 }).Select(m => m.CpuMicrosecondsPerStep)),
            Spread.Of(rows.Select(r => r.I.CpuMicrosecondsPerStep)),
            Spread.Of(rows.Select(r => r.E.CpuMicrosecondsPerStep)),
            Spread.Of(rows.Select(r => r.Short)));
    }

    /// <summary>Null-policy steps on <paramref name="threads"/> threads, each stepping its own environment through whole episodes.</summary>
    public static Measurement Raw(string environmentId, int threads, int stepsPerThread)
    {
        var envs = Enumerable.Range(0, threads).Select(_ => EnvironmentRegistry.Make(environmentId)).ToArray();
        try
        {
            return Timed(() =>
            {
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
                {
                    var env = envs[t];
                    var obs = new float[env.ObservationSpace.Dimension];
                    var action = new float[env.ActionSpace.Dimension];
                    env.Reset((ulong)(t + 1), obs);
                    for (int s = 0; s < stepsPerThread; s++)
                        if (env.Step(action, obs).Done) env.Reset(null, obs);
                });
                return (long)threads * stepsPerThread;
            });
        }
        finally
        {
            foreach (var e in envs) e.Dispose();
        }
    }

    /// <summary>Training steps of <paramref name="iterations"/> iterations of a fresh trainer, after one unmeasured iteration.</summary>
    public static Measurement Training(TrainingConfig config, int iterations)
    {
        using var trainer = new EsTrainer(config with { Iterations = iterations + 1 });
        trainer.Step(); // JIT and worker creation are not part of the measurement
        long before = trainer.Snapshot().EnvironmentSteps;
        return Timed(() =>
        {
            for (int k = 0; k < iterations; k++) trainer.Step();
            return trainer.Snapshot().EnvironmentSteps - before;
        });
    }

    /// <summary>Null-policy episodes per second, each started with a seeded reset and cut after <paramref name="steps"/> steps.</summary>
    public static double ShortRolloutsPerSecond(string environmentId, int threads, int steps, int episodesPerThread)
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
                for (int e = 0; e < episodesPerThread; e++)
                {
                    env.Reset((ulong)(t * episodesPerThread + e + 1), obs);
                    for (int s = 0; s < steps && !env.Step(action, obs).Done; s++) { }
                }
            });
            return (double)threads * episodesPerThread / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            foreach (var e in envs) e.Dispose();
        }
    }

    private static Measurement Timed(Func<long> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        long steps = work();
        double wall = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return new Measurement(steps / wall, cpuSeconds * 1e6 / steps);
    }
}
