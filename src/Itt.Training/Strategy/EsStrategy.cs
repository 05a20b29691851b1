using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Optimization;

namespace Itt.Training.Strategy;

/// <summary>
/// Orthogonal ES as an ask/tell loop (after evosax and EvoTorch): <see cref="Ask"/> gives the perturbations of the
/// current iteration, <see cref="Tell"/> takes their returns, forms the estimate in perturbation-index order and moves
/// θ with the optimizer. Who evaluates the returns, and how, is up to the caller, so θ depends only on the returns.
/// </summary>
public sealed class EsStrategy
{
    private readonly double[] _theta;
    private EsGeneration? _asked;

    /// <summary>
    /// Creates the strategy at iteration 0 with θ₀ from the configuration, or at <paramref name="resume"/>'s state.
    /// <paramref name="optimizer"/> and <paramref name="shaper"/> replace the ones the configuration names (a resumed run
    /// needs the same kind of optimizer again).
    /// </summary>
    public EsStrategy(TrainingConfig config, PolicyArchitecture architecture, Optimizer? optimizer = null, IFitnessShaper? shaper = null,
        TrainingState? resume = null)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        Config = config;
        Architecture = architecture;
        Optimizer = optimizer ?? Optimizer.Create(config.Optimizer, config.LearningRate, architecture.ParameterCount);
        Shaper = shaper ?? FitnessShapers.For(config.Shaping);
        if (resume is null)
        {
            _theta = InitialTheta(config, architecture.ParameterCount);
            return;
        }
        if (resume.Theta.Length != architecture.ParameterCount)
            throw new InvalidDataException($"checkpoint θ has {resume.Theta.Length} entries, the architecture {architecture.ParameterCount}");
        _theta = (double[])resume.Theta.Clone();
        Optimizer.Restore(resume.OptimizerState, resume.OptimizerSteps);
        Iteration = resume.Iteration;
    }

    /// <summary>The configuration (σ, estimator, seed, M, lazy updates, non-finite returns).</summary>
    public TrainingConfig Config { get; }

    /// <summary>The networks θ parameterises.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>The fitness shaping.</summary>
    public IFitnessShaper Shaper { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration { get; private set; }

    /// <summary>Current θ (read-only view).</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>θ₀: zeros, or N(0, InitialStd²) from the run's initialisation stream.</summary>
    public static double[] InitialTheta(TrainingConfig config, int dimension)
    {
        var theta = new double[dimension];
        if (config.InitialStd > 0)
        {
            var rng = new Itt.Core.Random.CounterRng(config.Seed, Itt.Core.Random.StreamPurpose.Initialisation);
            for (int k = 0; k < dimension; k++) theta[k] = config.InitialStd * rng.NextGaussian();
        }
        return theta;
    }

    /// <summary>
    /// How many leading coordinates of θ iteration <paramref name="iteration"/> perturbs and updates: all of them,
    /// or with lazy updates (ITT only) just the state tower except on every k-th iteration.
    /// </summary>
    public int ActiveCoordinates(int iteration)
        => Config.ActionTowerEvery > 1 && Architecture.Kind == PolicyKind.Itt && iteration % Config.ActionTowerEvery != 0
            ? Architecture.ActionTowerOffset
            : Architecture.ParameterCount;

    /// <summary>
    /// M at iteration <paramref name="iteration"/>: the configured M, or under the paper's rule M = D the number of
    /// coordinates perturbed that iteration (so a lazy iteration keeps one orthogonal ensemble and runs fewer rollouts).
    /// </summary>
    public int PerturbationsAt(int iteration) => Config.Perturbations ?? ActiveCoordinates(iteration);

    /// <summary>The perturbations of the current iteration (the same object until <see cref="Tell"/> is called).</summary>
    public EsGeneration Ask()
    {
        if (_asked is not null) return _asked;
        var noise = PerturbationBlock.Create(Config.Seed, Iteration, PerturbationsAt(Iteration), Architecture.ParameterCount, ActiveCoordinates(Iteration));
        return _asked = new EsGeneration(Iteration, (double[])_theta.Clone(), Config.Sigma, noise, Config.Estimator == GradientEstimator.Antithetic);
    }

    /// <summary>
    /// Updates θ from the returns of the asked perturbations: <paramref name="plus"/>[i] = F(θ + σε_i),
    /// <paramref name="minus"/>[i] = F(θ − σε_i) (empty unless antithetic), <paramref name="center"/> = F(θ) (forward
    /// differences only). A non-finite return stops with <see cref="NonFiniteException"/> or drops its pair, as configured;
    /// θ is left as it was when anything fails.
    /// </summary>
    public EsUpdate Tell(ReadOnlySpan<double> plus, ReadOnlySpan<double> minus, double center = double.NaN)
    {
        var generation = _asked ?? throw new InvalidOperationException("Tell needs the perturbations of an Ask first.");
        var noise = generation.Noise;
        if (plus.Length != noise.Count || minus.Length != (generation.Antithetic ? noise.Count : 0))
            throw new ArgumentException($"expected {noise.Count} plus returns and {(generation.Antithetic ? noise.Count : 0)} minus returns, got {plus.Length} and {minus.Length}");
        var kept = FinitePerturbations(plus, minus, center, noise.Count);
        var gradient = Estimate(plus, minus, center, noise, kept);
        foreach (var g in gradient)
            if (!double.IsFinite(g)) throw new NonFiniteException($"non-finite gradient at iteration {Iteration + 1} (seed {Config.Seed}); θ was not updated");
        int active = noise.Active;
        var updated = (double[])_theta.Clone();
        Optimizer.Step(updated.AsSpan(0, active), gradient.AsSpan(0, active));
        foreach (var t in updated)
            if (!double.IsFinite(t)) throw new NonFiniteException($"θ became non-finite at iteration {Iteration + 1} (seed {Config.Seed}); θ was not updated");
        updated.CopyTo(_theta, 0);
        Iteration++;
        _asked = null;
        var p = plus.ToArray();
        var m = minus.ToArray();
        var perturbed = kept.Select(i => p[i]).Concat(generation.Antithetic ? kept.Select(i => m[i]) : []).ToArray();
        return new EsUpdate(Iteration, perturbed.Average(), perturbed.Max(), Math.Sqrt(gradient.Sum(g => g * g)), noise.Count - kept.Length);
    }

    /// <summary>
    /// The perturbation indexes, ascending, whose returns are all finite. Under <see cref="NonFiniteReturns.Fail"/> the first
    /// non-finite return stops the run; under <see cref="NonFiniteReturns.DropPair"/> its pair is left out.
    /// </summary>
    private int[] FinitePerturbations(ReadOnlySpan<double> plus, ReadOnlySpan<double> minus, double center, int count)
    {
        if (Config.Estimator == GradientEstimator.ForwardDifference && !double.IsFinite(center))
            throw new NonFiniteException($"non-finite return ({Describe(center)}) of the unperturbed θ at iteration {Iteration + 1} (seed {Config.Seed})");
        var kept = new List<int>(count);
        for (int i = 0; i < count; i++)
        {
            double? bad = !double.IsFinite(plus[i]) ? plus[i]
                : minus.Length > 0 && !double.IsFinite(minus[i]) ? minus[i] : null;
            if (bad is null) kept.Add(i);
            else if (Config.NonFiniteReturns == NonFiniteReturns.Fail)
                throw new NonFiniteException($"non-finite return ({Describe(bad.Value)}) at iteration {Iteration + 1}: seed {Config.Seed}, perturbation {i}" +
                    $" ({(double.IsFinite(plus[i]) ? "θ − σε" : "θ + σε")})");
        }
        if (kept.Count == 0)
            throw new NonFiniteException($"every perturbation returned a non-finite value at iteration {Iteration + 1} (seed {Config.Seed})");
        return kept.ToArray();
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";

    /// <summary>The gradient estimate over the perturbations <paramref name="kept"/> (all of them unless pairs were dropped).</summary>
    private double[] Estimate(ReadOnlySpan<double> plusAll, ReadOnlySpan<double> minusAll, double center, PerturbationBlock noise, int[] kept)
    {
        var p = plusAll.ToArray();
        var plus = kept.Select(i => p[i]).ToArray();
        if (Config.Estimator == GradientEstimator.Antithetic)
        {
            var m = minusAll.ToArray();
            var minus = kept.Select(i => m[i]).ToArray();
            var shaped = Shaper.Apply(plus.Concat(minus).ToArray());
            return EsGradient.Antithetic(shaped.AsSpan(0, kept.Length), shaped.AsSpan(kept.Length), noise, Config.Sigma, kept);
        }
        var values = Shaper.Apply(plus.Append(center).ToArray());
        return EsGradient.ForwardDifference(values.AsSpan(0, kept.Length), values[^1], noise, Config.Sigma, kept);
    }

    /// <summary>θ, the iteration and the optimizer state for a checkpoint (the caller adds its step and time counters).</summary>
    public TrainingState Snapshot(long environmentSteps = 0, double elapsedSeconds = 0) => new()
    {
        Iteration = Iteration,
        Theta = (double[])_theta.Clone(),
        OptimizerState = Optimizer.StateArrays.Select(a => (double[])a.Clone()).ToArray(),
        OptimizerSteps = Optimizer.Steps,
        EnvironmentSteps = environmentSteps,
        ElapsedSeconds = elapsedSeconds,
    };
}
