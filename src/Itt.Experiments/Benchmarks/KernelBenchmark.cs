using System.Diagnostics;
using Itt.Core.Numerics;
using Itt.Core.Random;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Benchmarks;

/// <summary>
/// The vectorised kernels behind every decision (<see cref="Kernels.MatMulBatch"/>, <see cref="Kernels.ArgMax"/>)
/// against plain scalar loops that compute the same thing in the same memory order, interleaved within every repeat:
/// how much the fast paths pay at the shapes the policies use.
/// </summary>
public static class KernelBenchmark
{
    /// <summary>One kernel at one shape.</summary>
    /// <param name="Label">What is timed, with its shape and where the policies use it.</param>
    /// <param name="Run">The vectorised kernel.</param>
    /// <param name="Reference">The scalar loop.</param>
    public sealed record Case(string Label, Action Run, Action Reference);

    /// <summary>Median microseconds per call of the kernel and of its scalar loop.</summary>
    public sealed record Result(string Label, double KernelMicroseconds, double ReferenceMicroseconds)
    {
        /// <summary>How many times faster the kernel is.</summary>
        public double SpeedUp => ReferenceMicroseconds / KernelMicroseconds;
    }

    /// <summary>
    /// The default cases: the output of ITT's brute-force search (1 × d by d × N, d = 6 as on HalfCheetah) at N = 1,024
    /// and 16,384, an IOT hidden layer on HalfCheetah (6 × 6, N = 1,000) and on DM Control (20 × 20, N = 10,000), and
    /// the argmax over N = 1,024 and 16,384 scores.
    /// </summary>
    public static IReadOnlyList<Case> DefaultCases() =>
    [
        MatMul("ITT scores, 1 × 6 by 6 × 1,024", outputs: 1, inputs: 6, batch: 1024, relu: false),
        MatMul("ITT scores, 1 × 6 by 6 × 16,384", outputs: 1, inputs: 6, batch: 16384, relu: false),
        MatMul("IOT layer, HalfCheetah: 6 × 6 by 6 × 1,000, ReLU", outputs: 6, inputs: 6, batch: 1000, relu: true),
        MatMul("IOT layer, DM Control: 20 × 20 by 20 × 10,000, ReLU", outputs: 20, inputs: 20, batch: 10000, relu: true),
        ArgMax("argmax of 1,024 scores", 1024),
        ArgMax("argmax of 16,384 scores", 16384),
    ];

    /// <summary>y = w·x (optionally ReLU) by <see cref="Kernels.MatMulBatch"/> and by a triple loop.</summary>
    public static Case MatMul(string label, int outputs, int inputs, int batch, bool relu)
    {
        var w = Gaussian(outputs * inputs, 1);
        var x = Gaussian(inputs * batch, 2);
        var y = new float[outputs * batch];
        return new Case(label, () => Kernels.MatMulBatch(w, x, y, outputs, inputs, batch, relu), () =>
        {
            // Samples innermost, so that x and y are read in memory order, as a careful scalar loop would.
            for (int o = 0; o < outputs; o++)
            {
                var row = y.AsSpan(o * batch, batch);
                row.Clear();
                for (int k = 0; k < inputs; k++)
                {
                    float weight = w[o * inputs + k];
                    var column = x.AsSpan(k * batch, batch);
                    for (int b = 0; b < row.Length; b++) row[b] += weight * column[b];
                }
                if (relu) for (int b = 0; b < row.Length; b++) row[b] = Math.Max(row[b], 0);
            }
        });
    }

    /// <summary><see cref="Kernels.ArgMax"/> against <see cref="Kernels.ArgMaxScalar"/> on Gaussian scores.</summary>
    public static Case ArgMax(string label, int count)
    {
        var scores = Gaussian(count, 3);
        int sink = 0;
        return new Case(label, () => sink ^= Kernels.ArgMax(scores), () => sink ^= Kernels.ArgMaxScalar(scores));
    }

    /// <summary>
    /// Times every case: a warm-up of 25 rounds' length, then <paramref name="repeats"/> rounds in which the kernel and
    /// its loop each run for about <paramref name="milliseconds"/>.
    /// </summary>
    public static IReadOnlyList<Result> Run(IReadOnlyList<Case> cases, int repeats, double milliseconds = 20)
    {
        var results = new List<Result>();
        foreach (var c in cases)
        {
            // Warm up for a while rather than a count, so that tiered compilation has promoted both to optimised code.
            int calls = Calibrate(c.Run, milliseconds);
            int referenceCalls = Calibrate(c.Reference, milliseconds);
            var kernel = new List<double>();
            var reference = new List<double>();
            for (int r = 0; r < repeats; r++)
            {
                kernel.Add(Time(c.Run, calls));
                reference.Add(Time(c.Reference, referenceCalls));
            }
            results.Add(new Result(c.Label, Summary.Median(kernel), Summary.Median(reference)));
        }
        return results;
    }

    /// <summary>Runs <paramref name="action"/> for 25 × <paramref name="milliseconds"/> and returns how many calls fill <paramref name="milliseconds"/>.</summary>
    private static int Calibrate(Action action, double milliseconds)
    {
        var clock = Stopwatch.StartNew();
        int calls = 0;
        while (clock.Elapsed.TotalMilliseconds < 25 * milliseconds) { action(); calls++; }
        Thread.Sleep(100); // let the background compiler finish
        return Math.Max(1, (int)(calls * milliseconds / clock.Elapsed.TotalMilliseconds));
    }

    private static double Time(Action action, int calls)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++) action();
        return clock.Elapsed.TotalMicroseconds / calls;
    }

    private static float[] Gaussian(int length, int stream)
    {
        var rng = new CounterRng(13, StreamPurpose.User, stream);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = (float)rng.NextGaussian();
        return values;
    }
}
