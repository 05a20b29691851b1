using System.Diagnostics;
using Itt.Core.Random;
using Itt.Environments;
using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;
using Itt.Training.Optimization;

namespace Itt.Training;

/// <summary>Thrown when θ or a return stops being a finite number; nothing is checkpointed after it.</summary>
public sealed class NonFiniteException(string message) : Exception(message);

/// <summary>
/// Blackbox ES on a policy's flat θ: each iteration draws the orthogonal block for (seed, iteration), has the
/// evaluator return F for every perturbation, forms the estimate in index order and applies the optimizer.
/// </summary>
public sealed class EsTrainer : IDisposable
{
    private readonly IEvaluator _evaluator;
    private readonly bool _ownsEvaluator;
    private readonly Optimizer _optimizer;
    private readonly double[] _theta;
    private int _iteration;
    private long _environmentSteps;
    private double _elapsedSeconds;

    /// <summary>
    /// Creates a trainer at iteration 0, or at <paramref name="resume"/>'s iteration. Environments come from
    /// <paramref name="environments"/> (each call a fresh one with its time limit set), or from the registry by the
    /// configuration's id when it is null; <paramref name="evaluator"/> replaces the local threads (a cluster).
    /// </summary>
    public EsTrainer(TrainingConfig config, IEvaluator? evaluator = null, TrainingState? resume = null, Func<Env>? environments = null)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        Config = config;
        Architecture = ArchitectureFor(config, environments);
        PolicyOptions = config.PolicyOptions();
        Perturbations = config.Perturbations == 0 ? Architecture.ParameterCount : config.Perturbations;
        _ownsEvaluator = evaluator is null;
        _evaluator = evaluator ?? new LocalEvaluator(config, Architecture, PolicyOptions, config.Threads, environments);
        _optimizer = Optimizer.Create(config.Optimizer, config.LearningRate, Architecture.ParameterCount);
        if (resume is null)
        {
            _theta = InitialTheta(config, Architecture.ParameterCount);
        }
        else
        {
            if (resume.Theta.Length != Architecture.ParameterCount)
                throw new InvalidDataException($"checkpoint θ has {resume.Theta.Length} entries, the architecture {Architecture.ParameterCount}");
            _theta = (double[])resume.Theta.Clone();
            _optimizer.Restore(resume.OptimizerState, resume.OptimizerSteps);
            _iteration = resume.Iteration;
            _environmentSteps = resume.EnvironmentSteps;
            _elapsedSeconds = resume.ElapsedSeconds;
        }
    }

    /// <summary>The configuration.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The policy's networks.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>Run-time policy options.</summary>
    public PolicyOptions PolicyOptions { get; }

    /// <summary>M on full iterations.</summary>
    public int Perturbations { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration => _iteration;

    /// <summary>Current θ (read-only view).</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>The policy architecture of a configuration, with the spaces of its environment (made by <paramref name="environments"/> or the registry).</summary>
    public static PolicyArchitecture ArchitectureFor(TrainingConfig config, Func<Env>? environments = null)
    {
        using var env = (environments ?? EnvironmentFactory.For(config))();
        return PolicyArchitecture.Create(config.Policy, env.ObservationSpace.Dimension, env.ActionSpace, config.Layers);
    }

    /// <summary>θ₀: zeros, or N(0, InitialStd²) from the run's initialisation stream.</summary>
    public static double[] InitialTheta(TrainingConfig config, int dimension)
    {
        var theta = new double[dimension];
        if (config.InitialStd > 0)
        {
            var rng = new CounterRng(config.Seed, StreamPurpose.Initialisation);
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
    public int PerturbationsAt(int iteration) => Config.Perturbations == 0 ? ActiveCoordinates(iteration) : Config.Perturbations;

    /// <summary>Runs one iteration and returns its metrics.</summary>
    public IterationMetrics Step()
    {
        var clock = Stopwatch.StartNew();
        int active = ActiveCoordinates(_iteration);
        var noise = PerturbationBlock.Create(Config.Seed, _iteration, PerturbationsAt(_iteration), Architecture.ParameterCount, active);
        bool antithetic = Config.Estimator == GradientEstimator.Antithetic;
        var request = new EvaluationRequest(_iteration, _theta, Config.Sigma, noise, antithetic,
            Center: !antithetic, Config.EvaluationEpisodes);
        var result = _evaluator.Evaluate(request);
        var kept = FinitePerturbations(result, noise);
        var gradient = Estimate(result, noise, kept);
        foreach (var g in gradient)
            if (!double.IsFinite(g)) throw new NonFiniteException($"non-finite gradient at iteration {_iteration + 1} (seed {Config.Seed}); θ was not updated");
        var updated = (double[])_theta.Clone();
        _optimizer.Step(updated.AsSpan(0, active), gradient.AsSpan(0, active));
        foreach (var t in updated)
            if (!double.IsFinite(t)) throw new NonFiniteException($"θ became non-finite at iteration {_iteration + 1} (seed {Config.Seed}); θ was not updated");
        updated.CopyTo(_theta, 0);
        _iteration++;
        _environmentSteps += result.EnvironmentSteps;
        DroppedPerturbations = noise.Count - kept.Length;
        double seconds = clock.Elapsed.TotalSeconds;
        _elapsedSeconds += seconds;
        var perturbed = kept.Select(i => result.Plus[i])
            .Concat(antithetic ? kept.Select(i => result.Minus[i]) : []).ToArray();
        return new IterationMetrics(_iteration, _environmentSteps, perturbed.Average(), perturbed.Max(),
            result.Evaluations.Length > 0 ? result.Evaluations.Average() : double.NaN,
            Math.Sqrt(gradient.Sum(g => g * g)), seconds, _elapsedSeconds);
    }

    /// <summary>Perturbations dropped by the last iteration for a non-finite return (<see cref="NonFiniteReturns.DropPair"/>).</summary>
    public int DroppedPerturbations { get; private set; }

    /// <summary>
    /// The perturbation indexes, ascending, whose returns are all finite. Under <see cref="NonFiniteReturns.Fail"/> the first
    /// non-finite return stops the run; under <see cref="NonFiniteReturns.DropPair"/> its pair is left out.
    /// </summary>
    private int[] FinitePerturbations(EvaluationResult result, PerturbationBlock noise)
    {
        if (Config.Estimator == GradientEstimator.ForwardDifference && !double.IsFinite(result.Center))
            throw new NonFiniteException($"non-finite return ({Describe(result.Center)}) of the unperturbed θ at iteration {_iteration + 1} (seed {Config.Seed})");
        var kept = new List<int>(noise.Count);
        for (int i = 0; i < noise.Count; i++)
        {
            double? bad = !double.IsFinite(result.Plus[i]) ? result.Plus[i]
                : result.Minus.Length > 0 && !double.IsFinite(result.Minus[i]) ? result.Minus[i] : null;
            if (bad is null) kept.Add(i);
            else if (Config.NonFiniteReturns == NonFiniteReturns.Fail)
                throw new NonFiniteException($"non-finite return ({Describe(bad.Value)}) at iteration {_iteration + 1}: seed {Config.Seed}, perturbation {i}" +
                    $" ({(double.IsFinite(result.Plus[i]) ? "θ − σε" : "θ + σε")})");
        }
        if (kept.Count == 0)
            throw new NonFiniteException($"every perturbation returned a non-finite value at iteration {_iteration + 1} (seed {Config.Seed})");
        return kept.ToArray();
    }

    private static string Describe(double value) => double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";

    /// <summary>The gradient estimate over the perturbations <paramref name="kept"/> (all of them unless pairs were dropped).</summary>
    private double[] Estimate(EvaluationResult result, PerturbationBlock noise, int[] kept)
    {
        var plus = kept.Select(i => result.Plus[i]).ToArray();
        if (Config.Estimator == GradientEstimator.Antithetic)
        {
            var minus = kept.Select(i => result.Minus[i]).ToArray();
            var shaped = Shaping.Apply(Config.Shaping, plus.Concat(minus).ToArray());
            return EsGradient.Antithetic(shaped.AsSpan(0, kept.Length), shaped.AsSpan(kept.Length), noise, Config.Sigma, kept);
        }
        var values = Shaping.Apply(Config.Shaping, plus.Append(result.Center).ToArray());
        return EsGradient.ForwardDifference(values.AsSpan(0, kept.Length), values[^1], noise, Config.Sigma, kept);
    }

    /// <summary>A copy of the state for a checkpoint.</summary>
    public TrainingState Snapshot() => new()
    {
        Iteration = _iteration,
        Theta = (double[])_theta.Clone(),
        OptimizerState = _optimizer.StateArrays.Select(a => (double[])a.Clone()).ToArray(),
        OptimizerSteps = _optimizer.Steps,
        EnvironmentSteps = _environmentSteps,
        ElapsedSeconds = _elapsedSeconds,
    };

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEvaluator) _evaluator.Dispose();
    }
}
