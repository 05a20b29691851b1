namespace Itt.Tests;

/// <summary>Statistical checks shared by the tests of samplers and start states.</summary>
internal static class Distributions
{
    /// <summary>
    /// Values spread evenly over [<paramref name="low"/>, <paramref name="high"/>]: a chi-square over 10 equal bins below
    /// 27.88, its 0.999 quantile with 9 degrees of freedom (so a correct sampler fails one seed in a thousand).
    /// </summary>
    public static void AssertUniform(IReadOnlyList<double> values, double low, double high)
    {
        Assert.True(values.Count >= 50, $"{values.Count} values are too few for 10 bins");
        var counts = new int[10];
        foreach (double v in values) counts[Math.Clamp((int)((v - low) / (high - low) * 10), 0, 9)]++;
        double expected = values.Count / 10.0;
        double chi2 = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chi2 < 27.88, $"chi-square {chi2:0.00} on [{low}, {high}]: {string.Join(",", counts)}");
    }
}
