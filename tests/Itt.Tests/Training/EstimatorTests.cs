using Itt.Core.Random;
using Itt.Training.Estimation;

namespace Itt.Tests.Training;

/// <summary>
/// On a quadratic F the antithetic estimator is exactly (∇Fᵀε)ε per row, so its mean is ∇F_σ = ∇F and, with
/// orthogonal rows, its mean squared error is (D+2)/M·‖∇F‖² − ‖∇F_σ‖² (Lemma F.6).
/// </summary>
public class EstimatorTests
{
    private sealed class Quadratic
    {
        public readonly double[] G;
        public readonly double[,] H;
        public readonly int D;

        public Quadratic(int d, ulong seed)
        {
            D = d;
            var rng = new CounterRng(seed, StreamPurpose.User);
            G = Enumerable.Range(0, d).Select(_ => rng.NextGaussian()).ToArray();
            H = new double[d, d];
            for (int i = 0; i < d; i++)
            for (int j = 0; j <= i; j++)
                H[i, j] = H[j, i] = rng.NextGaussian();
        }

        public double Value(ReadOnlySpan<double> x)
        {
            double v = 0;
            for (int i = 0; i < D; i++)
            {
                v += G[i] * x[i];
                for (int j = 0; j < D; j++) v += 0.5 * x[i] * H[i, j] * x[j];
            }
            return v;
        }

        public double[] Gradient(ReadOnlySpan<double> x)
        {
            var g = (double[])G.Clone();
            for (int i = 0; i < D; i++)
            for (int j = 0; j < D; j++) g[i] += H[i, j] * x[j];
            return g;
        }
    }

    private static (double[] Plus, double[] Minus) Evaluate(Quadratic f, double[] theta, PerturbationBlock noise, double sigma)
    {
        var plus = new double[noise.Count];
        var minus = new double[noise.Count];
        var x = new double[f.D];
        for (int i = 0; i < noise.Count; i++)
        {
            var e = noise.Row(i);
            for (int k = 0; k < f.D; k++) x[k] = theta[k] + sigma * e[k];
            plus[i] = f.Value(x);
            for (int k = 0; k < f.D; k++) x[k] = theta[k] - sigma * e[k];
            minus[i] = f.Value(x);
        }
        return (plus, minus);
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(8, 3)]
    [InlineData(20, 10)]
    public void AntitheticEstimatorIsUnbiasedWithTheMseOfLemmaF6(int d, int m)
    {
        const int trials = 4000;
        const double sigma = 0.7;
        var f = new Quadratic(d, 5);
        var theta = Enumerable.Range(0, d).Select(i => 0.1 * i - 0.3).ToArray();
        var truth = f.Gradient(theta); // ∇F_σ = ∇F for a quadratic
        double gradNorm2 = truth.Sum(g => g * g);
        double expectedMse = (d + 2.0) / m * gradNorm2 - gradNorm2;

        var sum = new double[d];
        var sumSq = new double[d];
        var errors = new double[trials];
        for (int t = 0; t < trials; t++)
        {
            var noise = PerturbationBlock.Create(99, t, m, d);
            var (plus, minus) = Evaluate(f, theta, noise, sigma);
            var estimate = EsGradient.Antithetic(plus, minus, noise, sigma);
            double err = 0;
            for (int k = 0; k < d; k++)
            {
                sum[k] += estimate[k];
                sumSq[k] += estimate[k] * estimate[k];
                err += (estimate[k] - truth[k]) * (estimate[k] - truth[k]);
            }
            errors[t] = err;
        }
        // Unbiased: every coordinate's mean within 4 standard errors of the true gradient.
        for (int k = 0; k < d; k++)
        {
            double mean = sum[k] / trials;
            double se = Math.Sqrt((sumSq[k] / trials - mean * mean) / trials);
            Assert.True(Math.Abs(mean - truth[k]) < 4 * se + 1e-12, $"coordinate {k}: mean {mean}, truth {truth[k]}, se {se}");
        }
        // MSE within 4 standard errors of the empirical mean of the squared errors.
        double mse = errors.Average();
        double mseSe = Math.Sqrt(errors.Sum(e => (e - mse) * (e - mse)) / (trials - 1) / trials);
        Assert.True(Math.Abs(mse - expectedMse) < 4 * mseSe, $"MSE {mse} vs Lemma F.6 {expectedMse} (se {mseSe})");
    }

    [Fact]
    public void ForwardDifferenceEstimatorIsUnbiasedOnALinearFunction()
    {
        // For linear F the forward difference is exact per row as well: (∇Fᵀε)ε.
        const int d = 6, m = 6, trials = 3000;
        var g = new[] { 1.0, -2.0, 0.5, 0.0, 3.0, -1.0 };
        var mean = new double[d];
        for (int t = 0; t < trials; t++)
        {
            var noise = PerturbationBlock.Create(4, t, m, d);
            var plus = Enumerable.Range(0, m).Select(i => 10 + 0.5 * Dot(g, noise.Row(i))).ToArray();
            var estimate = EsGradient.ForwardDifference(plus, center: 10, noise, sigma: 0.5);
            for (int k = 0; k < d; k++) mean[k] += estimate[k] / trials;
        }
        // Per-coordinate variance is ((D+2)/M − 1)·g_k²-ish; 0.15 is more than 4 standard errors here.
        for (int k = 0; k < d; k++) Assert.InRange(mean[k], g[k] - 0.15, g[k] + 0.15);
    }

    private static double Dot(double[] a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Fact]
    public void CenteredRanksMapToMinusHalfToHalfAndShareTies()
    {
        var shaped = new CenteredRanks().Apply([3.0, -1.0, 3.0, 10.0, 0.0]);
        // Sorted: −1 (rank 0), 0 (1), 3 and 3 (2 and 3 → 2.5), 10 (4); value = rank/4 − 0.5.
        Assert.Equal([0.125, -0.5, 0.125, 0.5, -0.25], shaped);
    }
}
