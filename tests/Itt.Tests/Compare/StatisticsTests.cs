using Itt.Experiments.Reports;
using Itt.Experiments.Statistics;

namespace Itt.Tests.Compare;

/// <summary>The t-test and percentiles against values worked out independently of MathNet.</summary>
public class StatisticsTests
{
    [Fact]
    public void PairedTTestMatchesStudentsSleepData()
    {
        // Cushny & Peebles' sleep data as used by Student (1908), R's `t.test(extra ~ group, data = sleep, paired = TRUE)`.
        // Differences d = g1 − g2: −1.2, −2.4, −1.3, −1.3, 0, −1.0, −1.8, −0.8, −4.6, −1.4; mean −1.58;
        // Σ(d − mean)² = 13.616, sd = √(13.616 / 9) = 1.22999, se = sd / √10 = 0.388959, t = −1.58 / 0.388959 = −4.0621,
        // df = 9; R prints p-value = 0.002833.
        double[] g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
        double[] g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
        var r = PairedTTest.Run(g1, g2);
        Assert.Equal(10, r.Pairs);
        Assert.Equal(-1.58, r.MeanDifference, 12);
        Assert.Equal(-4.0621, r.T, 4);
        Assert.Equal(0.002833, r.PValue, 6);
        Assert.Equal(r.PValue, PairedTTest.Run(g2, g1).PValue, 15); // two-sided: symmetric
    }

    [Fact]
    public void PairedTTestMatchesClosedFormsForOneAndTwoDegreesOfFreedom()
    {
        // df = 1 is the Cauchy distribution: two-sided p = 1 − (2/π)·atan|t|. d = (1, 3): mean 2, sd √2, se 1, t = 2.
        var one = PairedTTest.Run([1, 3], [0, 0]);
        Assert.Equal(2, one.T, 12);
        Assert.Equal(1 - 2 / Math.PI * Math.Atan(2), one.PValue, 10); // 0.295167
        // df = 2: two-sided p = 1 − |t| / √(2 + t²). d = (1, 2, 3): mean 2, sd 1, se 1/√3, t = 2√3; p = 1 − 2√3/√14 = 0.074180.
        var two = PairedTTest.Run([1, 2, 3], [0, 0, 0]);
        Assert.Equal(2 * Math.Sqrt(3), two.T, 12);
        Assert.Equal(1 - 2 * Math.Sqrt(3) / Math.Sqrt(14), two.PValue, 10);
    }

    [Fact]
    public void PairedTTestIsUndefinedWithoutSpreadOrPairs()
    {
        Assert.True(double.IsNaN(PairedTTest.Run([500, 500, 500], [500, 500, 500]).PValue)); // CartPole: every run at 500
        Assert.True(double.IsNaN(PairedTTest.Run([1], [2]).PValue));
        Assert.Equal(0, PairedTTest.Run([2, 3], [1, 2]).PValue); // equal non-zero differences: certain
        Assert.Throws<ArgumentException>(() => PairedTTest.Run([1, 2], [1]));
    }

    [Fact]
    public void PercentilesInterpolateLinearlyBetweenOrderStatistics()
    {
        // Type 7 (NumPy's default): position h = (n − 1)·p on the sorted sample, then linear interpolation.
        // 1..10, p = 0.1: h = 0.9 → 1 + 0.9·(2 − 1) = 1.9; p = 0.9: h = 8.1 → 9 + 0.1 = 9.1 (numpy.percentile gives 1.9 and 9.1).
        double[] oneToTen = [7, 3, 10, 1, 5, 9, 2, 8, 6, 4];
        Assert.Equal(1.9, Summary.Percentile(oneToTen, 10), 12);
        Assert.Equal(9.1, Summary.Percentile(oneToTen, 90), 12);
        // {15, 20, 35, 40, 50}, p = 0.4: h = 1.6 → 20 + 0.6·(35 − 20) = 29.
        Assert.Equal(29, Summary.Percentile([50, 15, 40, 20, 35], 40), 12);
        Assert.Equal(15, Summary.Percentile([50, 15, 40, 20, 35], 0), 12);
    }

    [Fact]
    public void MeanStdUsesThePopulationDivisor()
    {
        var (mean, std) = Summary.MeanStd([2, 4, 4, 4, 5, 5, 7, 9]); // the textbook sample with σ = 2
        Assert.Equal(5, mean, 12);
        Assert.Equal(2, std, 12);
    }

    [Fact]
    public void BestIsBoldAndSecondUnderlinedWithTiesSharingARank()
    {
        Assert.Equal([Emphasis.Bold, Emphasis.Underline, Emphasis.None], ReportFormat.RankBestSecond([3, 2, 1]));
        Assert.Equal([Emphasis.Bold, Emphasis.Bold, Emphasis.Bold], ReportFormat.RankBestSecond([500, 500, 500]));
        Assert.Equal([Emphasis.Underline, Emphasis.Bold, Emphasis.Underline, Emphasis.None],
            ReportFormat.RankBestSecond([-143.4, -133.5, -143.404, double.NaN])); // equal at two decimals
        Assert.Equal("7.09e-6", ReportFormat.PValue(7.0912e-6));
        Assert.Equal("1.69e-1", ReportFormat.PValue(0.16912));
        Assert.Equal("N/A", ReportFormat.PValue(double.NaN));
    }
}
