using System.Diagnostics;
using Itt.Training;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Benchmarks;

/// <summary>
/// Training wall-clock of several variants: each repeat runs every variant for the same number of ES iterations
/// from the same seed, interleaved, and reports seconds and environment steps.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>Median seconds per iteration and environment steps per second of one variant.</summary>
    public sealed record Result(string Label, double MedianSeconds, double MinSeconds, double StepsPerSecond, double FinalMeanReturn);

    /// <summary>Runs <paramref name="iterations"/> iterations of every variant, <paramref name="repeats"/> times.</summary>
    public static IReadOnlyList<Result> Run(IReadOnlyList<Variant> variants, int iterations, int repeats)
    {
        var seconds = variants.Select(_ => new List<double>()).ToArray();
        var rates = variants.Select(_ => new List<double>()).ToArray();
        var finals = new double[variants.Count];
        for (int rep = 0; rep < repeats; rep++)
        {
            for (int v = 0; v < variants.Count; v++)
            {
                var config = variants[v].Config with { Iterations = iterations };
                using var trainer = new EsTrainer(config);
                trainer.Step(); // warm-up iteration: JIT and worker creation are not part of the measurement
                if (rep == 0) Thread.Sleep(200); // let tiered compilation finish promoting the hot loops
                long steps0 = trainer.Snapshot().EnvironmentSteps;
                var clock = Stopwatch.StartNew();
                IterationMetrics? last = null;
                for (int k = 0; k < iterations; k++) last = trainer.Step();
                double elapsed = clock.Elapsed.TotalSeconds;
                seconds[v].Add(elapsed / iterations);
                rates[v].Add((trainer.Snapshot().EnvironmentSteps - steps0) / elapsed);
                finals[v] = last!.MeanReturn;
            }
        }
        return variants.Select((x, v) => new Result(x.Label, Summary.Median(seconds[v]), seconds[v].Min(),
            Summary.Median(rates[v]), finals[v])).ToArray();
    }
}
