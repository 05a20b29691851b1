using Itt.Core.Random;
using MathNet.Numerics.Distributions;

namespace Itt.Tests.Core;

public class OrthogonalGaussianTests
{
    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(20, 45)]
    [InlineData(1, 3)]
    public void RowsOfABlockArePairwiseOrthogonal(int m, int d)
    {
        var block = new double[m * d];
        OrthogonalGaussian.Fill(11, 1, m, d, block);
        for (int i = 0; i < m; i++)
        for (int j = 0; j < i; j++)
        {
            var a = block.AsSpan(i * d, d);
            var b = block.AsSpan(j * d, d);
            double cosine = Dot(a, b) / Math.Sqrt(Dot(a, a) * Dot(b, b));
            Assert.True(Math.Abs(cosine) < 1e-12, $"rows {i},{j}: cosine {cosine}");
        }
    }

    [Fact]
    public void MoreRowsThanDimensionsStackIndependentOrthogonalGroups()
    {
        const int d = 4, m = 10; // groups of 4, 4, 2
        var block = new double[m * d];
        OrthogonalGaussian.Fill(3, 9, m, d, block);
        foreach (var (first, count) in new[] { (0, 4), (4, 4), (8, 2) })
            for (int i = first; i < first + count; i++)
            for (int j = first; j < i; j++)
                Assert.True(Math.Abs(Dot(block.AsSpan(i * d, d), block.AsSpan(j * d, d))) < 1e-10);
        // Rows from different groups are not orthogonal in general.
        Assert.True(Math.Abs(Dot(block.AsSpan(0, d), block.AsSpan(4 * d, d))) > 1e-6);
    }

    [Fact]
    public void EachRowHasAStandardGaussianMarginal()
    {
        // 3,000 blocks of 5 × 5: every coordinate of every row position should be N(0, 1),
        // and a row's squared norm chi-square with 5 degrees of freedom (mean 5, variance 10).
        const int d = 5, blocks = 3000;
        var firstCoordinate = new List<double>();
        var lastRowNorms = new List<double>();
        var block = new double[d * d];
        for (int b = 0; b < blocks; b++)
        {
            OrthogonalGaussian.Fill(17, (ulong)b, d, d, block);
            for (int i = 0; i < d; i++) firstCoordinate.Add(block[i * d]);
            lastRowNorms.Add(Dot(block.AsSpan((d - 1) * d, d), block.AsSpan((d - 1) * d, d)));
        }
        // Kolmogorov–Smirnov against N(0,1): critical value at α = 0.001 is 1.95/√n.
        var sorted = firstCoordinate.Order().ToArray();
        double ks = 0;
        for (int i = 0; i < sorted.Length; i++)
        {
            double cdf = Normal.CDF(0, 1, sorted[i]);
            ks = Math.Max(ks, Math.Max(Math.Abs(cdf - (double)i / sorted.Length), Math.Abs(cdf - (double)(i + 1) / sorted.Length)));
        }
        Assert.True(ks < 1.95 / Math.Sqrt(sorted.Length), $"KS statistic {ks}");
        double meanNorm = lastRowNorms.Average();
        double se = Math.Sqrt(2.0 * d / blocks); // standard error of the mean of chi-square(d)
        Assert.InRange(meanNorm, d - 4 * se, d + 4 * se);
    }
}
