namespace Itt.Training.Estimation;

/// <summary>
/// The ES gradient estimators of the paper, summed in perturbation-index order so the result does not depend on
/// how or where the returns were computed.
/// </summary>
public static class EsGradient
{
    /// <summary>Antithetic estimator (eq. 6): 1/(2σM) Σ_i (F(θ+σε_i) − F(θ−σε_i)) ε_i.</summary>
    public static double[] Antithetic(ReadOnlySpan<double> plus, ReadOnlySpan<double> minus, PerturbationBlock noise, double sigma)
    {
        var weights = new double[noise.Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = plus[i] - minus[i];
        return Combine(weights, noise, 1.0 / (2.0 * sigma * noise.Count));
    }

    /// <summary>Forward-difference estimator (eq. 14): 1/(σM) Σ_i (F(θ+σε_i) − F(θ)) ε_i.</summary>
    public static double[] ForwardDifference(ReadOnlySpan<double> plus, double center, PerturbationBlock noise, double sigma)
    {
        var weights = new double[noise.Count];
        for (int i = 0; i < weights.Length; i++) weights[i] = plus[i] - center;
        return Combine(weights, noise, 1.0 / (sigma * noise.Count));
    }

    /// <summary>scale · Σ_i weights[i] ε_i, accumulated for i = 0, 1, … in order.</summary>
    private static double[] Combine(ReadOnlySpan<double> weights, PerturbationBlock noise, double scale)
    {
        var gradient = new double[noise.Dimension];
        for (int i = 0; i < noise.Count; i++)
        {
            double w = weights[i];
            var row = noise.Row(i);
            for (int k = 0; k < gradient.Length; k++) gradient[k] += w * row[k];
        }
        for (int k = 0; k < gradient.Length; k++) gradient[k] *= scale;
        return gradient;
    }
}
