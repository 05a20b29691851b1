namespace Itt.Training.Estimation;

/// <summary>
/// The ES gradient estimators of the paper, summed in perturbation-index order so the result does not depend on
/// how or where the returns were computed.
/// </summary>
public static class EsGradient
{
    /// <summary>Antithetic estimator (eq. 6): 1/(2σM) Σ_i (F(θ+σε_i) − F(θ−σε_i)) ε_i.</summary>
    public static double[] Antithetic(ReadOnlySpan<double> plus, ReadOnlySpan<double> minus, PerturbationBlock noise, double sigma)
        => Antithetic(plus, minus, noise, sigma, AllRows(noise));

    /// <summary>
    /// Antithetic estimator over the perturbations <paramref name="rows"/> only (ascending): plus[j] and minus[j] belong
    /// to row rows[j], and M becomes rows.Length. With every row it is the estimator above, bit for bit.
    /// </summary>
    public static double[] Antithetic(ReadOnlySpan<double> plus, ReadOnlySpan<double> minus, PerturbationBlock noise, double sigma, ReadOnlySpan<int> rows)
    {
        var weights = new double[rows.Length];
        for (int j = 0; j < weights.Length; j++) weights[j] = plus[j] - minus[j];
        return Combine(weights, noise, rows, 1.0 / (2.0 * sigma * rows.Length));
    }

    /// <summary>Forward-difference estimator (eq. 14): 1/(σM) Σ_i (F(θ+σε_i) − F(θ)) ε_i.</summary>
    public static double[] ForwardDifference(ReadOnlySpan<double> plus, double center, PerturbationBlock noise, double sigma)
        => ForwardDifference(plus, center, noise, sigma, AllRows(noise));

    /// <summary>Forward-difference estimator over the perturbations <paramref name="rows"/> only (see the antithetic overload).</summary>
    public static double[] ForwardDifference(ReadOnlySpan<double> plus, double center, PerturbationBlock noise, double sigma, ReadOnlySpan<int> rows)
    {
        var weights = new double[rows.Length];
        for (int j = 0; j < weights.Length; j++) weights[j] = plus[j] - center;
        return Combine(weights, noise, rows, 1.0 / (sigma * rows.Length));
    }

    private static int[] AllRows(PerturbationBlock noise) => Enumerable.Range(0, noise.Count).ToArray();

    /// <summary>scale · Σ_j weights[j] ε_rows[j], accumulated for j = 0, 1, … in order.</summary>
    private static double[] Combine(ReadOnlySpan<double> weights, PerturbationBlock noise, ReadOnlySpan<int> rows, double scale)
    {
        var gradient = new double[noise.Dimension];
        for (int j = 0; j < rows.Length; j++)
        {
            double w = weights[j];
            var row = noise.Row(rows[j]);
            for (int k = 0; k < gradient.Length; k++) gradient[k] += w * row[k];
        }
        for (int k = 0; k < gradient.Length; k++) gradient[k] *= scale;
        return gradient;
    }
}
