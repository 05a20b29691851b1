namespace Itt.Experiments.Statistics;

/// <summary>Mean and spread of a sample.</summary>
public static class Summary
{
    /// <summary>
    /// Mean and population standard deviation (divisor n, NumPy's <c>np.std</c> default, which is what a "± std" over
    /// seeds usually reports). NaN for an empty sample.
    /// </summary>
    public static (double Mean, double Std) MeanStd(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return (double.NaN, double.NaN);
        double mean = values.Average();
        return (mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count));
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two of an even count); NaN when empty.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// The <paramref name="percent"/>-th percentile by linear interpolation between closest ranks (Hyndman–Fan type 7,
    /// MathNet's <c>QuantileDefinition.R7</c>: NumPy's and Excel's default). MathNet's own <c>Percentile</c> uses type 8,
    /// which would not match plots made with NumPy.
    /// </summary>
    public static double Percentile(IEnumerable<double> values, double percent)
        => MathNet.Numerics.Statistics.Statistics.QuantileCustom(values, percent / 100.0, MathNet.Numerics.Statistics.QuantileDefinition.R7);
}
