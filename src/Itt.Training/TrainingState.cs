namespace Itt.Training;

/// <summary>Everything needed to continue a run bit for bit (the random streams are keyed by iteration, so they need no state).</summary>
public sealed class TrainingState
{
    /// <summary>Iterations completed.</summary>
    public required int Iteration { get; init; }

    /// <summary>θ after <see cref="Iteration"/> updates.</summary>
    public required double[] Theta { get; init; }

    /// <summary>Optimizer state arrays.</summary>
    public required IReadOnlyList<double[]> OptimizerState { get; init; }

    /// <summary>Optimizer step count.</summary>
    public required long OptimizerSteps { get; init; }

    /// <summary>Environment steps taken so far.</summary>
    public required long EnvironmentSteps { get; init; }

    /// <summary>Wall-clock seconds spent training so far.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Statistics of the observations seen so far (null unless the run normalises observations).</summary>
    public Normalization.ObservationStatistics? Observations { get; init; }
}

/// <summary>What one iteration measured.</summary>
/// <param name="Iteration">Iterations completed after this one (1-based).</param>
/// <param name="EnvironmentSteps">Cumulative environment steps.</param>
/// <param name="MeanReturn">Mean of the perturbed returns.</param>
/// <param name="MaxReturn">Best perturbed return.</param>
/// <param name="EvaluationReturn">Mean return of θ before this update (NaN when not evaluated).</param>
/// <param name="GradientNorm">‖ĝ‖₂.</param>
/// <param name="Seconds">Wall-clock seconds of this iteration.</param>
/// <param name="ElapsedSeconds">Cumulative wall-clock seconds.</param>
public sealed record IterationMetrics(int Iteration, long EnvironmentSteps, double MeanReturn, double MaxReturn,
    double EvaluationReturn, double GradientNorm, double Seconds, double ElapsedSeconds);
