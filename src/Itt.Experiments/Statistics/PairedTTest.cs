using MathNet.Numerics.Distributions;

namespace Itt.Experiments.Statistics;

/// <summary>The outcome of a paired t-test.</summary>
/// <param name="Pairs">Number of pairs n.</param>
/// <param name="MeanDifference">Mean of a − b.</param>
/// <param name="T">t = mean(d) / (sd(d) / √n), sd with divisor n − 1.</param>
/// <param name="PValue">Two-sided p-value from Student's t with n − 1 degrees of freedom; NaN when undefined.</param>
public sealed record PairedTTestResult(int Pairs, double MeanDifference, double T, double PValue);

/// <summary>
/// Paired (dependent-samples) t-test, as in the paper's Tables 12 and 13: the null hypothesis is that the mean of the
/// pairwise differences is zero.
/// </summary>
public static class PairedTTest
{
    /// <summary>
    /// Tests <paramref name="a"/> against <paramref name="b"/>, paired by position. The p-value is NaN for fewer than
    /// two pairs, and when every difference is equal (zero spread: t is undefined, as for CartPole where every
    /// run scores 500), except that equal non-zero differences give p = 0.
    /// </summary>
    public static PairedTTestResult Run(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"paired samples need equal lengths ({a.Count} and {b.Count})");
        int n = a.Count;
        if (n == 0) return new(0, double.NaN, double.NaN, double.NaN);
        var d = new double[n];
        for (int i = 0; i < n; i++) d[i] = a[i] - b[i];
        double mean = d.Average();
        if (n < 2) return new(n, mean, double.NaN, double.NaN);
        double variance = d.Sum(x => (x - mean) * (x - mean)) / (n - 1);
        if (variance == 0) return new(n, mean, mean == 0 ? double.NaN : Math.CopySign(double.PositiveInfinity, mean), mean == 0 ? double.NaN : 0);
        double t = mean / Math.Sqrt(variance / n);
        // Two-sided: twice the upper tail of |t|, computed from the tail itself so that tiny p-values keep their digits.
        double p = 2 * StudentT.CDF(0, 1, n - 1, -Math.Abs(t));
        return new(n, mean, t, Math.Min(1, p));
    }
}
