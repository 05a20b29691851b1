using Itt.Training.Estimation;
using Itt.Training.Evaluation;

namespace Itt.Training.Strategy;

/// <summary>
/// What <see cref="EsStrategy.Ask"/> hands out for one iteration: θ, σ and the perturbations ε_i. Evaluate F at
/// θ + σε_i (and θ − σε_i when <see cref="Antithetic"/>, θ itself when <see cref="NeedsCenter"/>) and give the returns
/// to <see cref="EsStrategy.Tell"/>.
/// </summary>
public sealed class EsGeneration
{
    private readonly double[] _theta;

    internal EsGeneration(int iteration, double[] theta, double sigma, PerturbationBlock noise, bool antithetic)
    {
        Iteration = iteration;
        _theta = theta;
        Sigma = sigma;
        Noise = noise;
        Antithetic = antithetic;
    }

    /// <summary>The iteration (0-based) these perturbations belong to.</summary>
    public int Iteration { get; }

    /// <summary>θ of this iteration.</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>σ.</summary>
    public double Sigma { get; }

    /// <summary>The M × D perturbations.</summary>
    public PerturbationBlock Noise { get; }

    /// <summary>M, the number of perturbations.</summary>
    public int Count => Noise.Count;

    /// <summary>Whether θ − σε_i is evaluated too (the antithetic estimator).</summary>
    public bool Antithetic { get; }

    /// <summary>Whether F(θ) itself is needed (the forward-difference estimator).</summary>
    public bool NeedsCenter => !Antithetic;

    /// <summary>Writes θ + <paramref name="sign"/>·σ·ε_<paramref name="index"/> (sign +1 or −1; 0 for θ) into <paramref name="parameters"/>.</summary>
    public void WriteParameters(int index, int sign, Span<float> parameters)
    {
        if (sign is < -1 or > 1) throw new ArgumentOutOfRangeException(nameof(sign), "sign must be -1, 0 or +1");
        if (parameters.Length != _theta.Length) throw new ArgumentException($"θ has {_theta.Length} entries, the span {parameters.Length}", nameof(parameters));
        // The rule every evaluator applies (RolloutWorker.Load), so a hand-written loop gets the same floats.
        double scale = sign * Sigma;
        if (sign == 0)
            for (int k = 0; k < parameters.Length; k++) parameters[k] = (float)_theta[k];
        else
        {
            var epsilon = Noise.Row(index);
            for (int k = 0; k < parameters.Length; k++) parameters[k] = (float)(_theta[k] + scale * epsilon[k]);
        }
    }

    /// <summary>The request that has an <see cref="IEvaluator"/> run this generation, with <paramref name="evaluationEpisodes"/> episodes of θ for the learning curve.</summary>
    public EvaluationRequest ToRequest(int evaluationEpisodes)
        => new(Iteration, _theta, Sigma, Noise, Antithetic, Center: NeedsCenter, evaluationEpisodes);
}

/// <summary>What <see cref="EsStrategy.Tell"/> did with an iteration's returns.</summary>
/// <param name="Iteration">Iterations completed (1-based).</param>
/// <param name="MeanReturn">Mean of the perturbed returns kept.</param>
/// <param name="MaxReturn">Best perturbed return kept.</param>
/// <param name="GradientNorm">‖ĝ‖₂.</param>
/// <param name="DroppedPerturbations">Perturbations left out for a non-finite return.</param>
public sealed record EsUpdate(int Iteration, double MeanReturn, double MaxReturn, double GradientNorm, int DroppedPerturbations);
