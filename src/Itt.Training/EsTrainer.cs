using System.Diagnostics;
using Itt.Environments;
using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;
using Itt.Training.Normalization;
using Itt.Training.Optimization;
using Itt.Training.Strategy;

namespace Itt.Training;

/// <summary>Thrown when θ or a return stops being a finite number; nothing is checkpointed after it.</summary>
public sealed class NonFiniteException(string message) : Exception(message);

/// <summary>
/// The training loop: each iteration asks the <see cref="EsStrategy"/> for its perturbations, has the evaluator return
/// F for every one of them, and tells the strategy the returns. It adds the counters a run reports (steps, time).
/// </summary>
public sealed class EsTrainer : IDisposable
{
    private readonly IEvaluator _evaluator;
    private readonly bool _ownsEvaluator;
    private readonly ObservationStatistics? _observations;
    private long _environmentSteps;
    private double _elapsedSeconds;

    /// <summary>
    /// Creates a trainer at iteration 0, or at <paramref name="resume"/>'s iteration. Environments come from
    /// <paramref name="environments"/> (each call a fresh one with its time limit set), or from the registry by the
    /// configuration's id when it is null; <paramref name="evaluator"/> replaces the local threads (a cluster);
    /// <paramref name="optimizer"/> and <paramref name="shaper"/> replace the ones the configuration names.
    /// </summary>
    public EsTrainer(TrainingConfig config, IEvaluator? evaluator = null, TrainingState? resume = null, Func<Env>? environments = null,
        Optimizer? optimizer = null, IFitnessShaper? shaper = null)
    {
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        Config = config;
        Architecture = ArchitectureFor(config, environments);
        MemoryEstimate.CheckTraining(config, Architecture, config.Threads ?? 0); // the perturbation block and the optimizer come on top of what acting needs
        PolicyOptions = config.PolicyOptions();
        Strategy = new EsStrategy(config, Architecture, optimizer, shaper, resume);
        Perturbations = config.Perturbations ?? Architecture.ParameterCount;
        _ownsEvaluator = evaluator is null;
        _evaluator = evaluator ?? new LocalEvaluator(config, Architecture, PolicyOptions, config.Threads ?? 0, environments);
        if (config.NormalizeObservations)
            _observations = resume?.Observations?.Clone() ?? new ObservationStatistics(Architecture.ObservationSize);
        if (_observations is not null && _observations.Size != Architecture.ObservationSize)
            throw new InvalidDataException($"checkpoint observation statistics have {_observations.Size} entries, the environment {Architecture.ObservationSize}");
        if (resume is not null)
        {
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

    /// <summary>The ask/tell strategy this loop drives.</summary>
    public EsStrategy Strategy { get; }

    /// <summary>M on full iterations.</summary>
    public int Perturbations { get; }

    /// <summary>Iterations completed.</summary>
    public int Iteration => Strategy.Iteration;

    /// <summary>The observation normaliser of the next iteration (and of θ as it stands), or null when observations are not normalised.</summary>
    public ObservationNormalizer? Normalizer => _observations?.Freeze();

    /// <summary>Current θ (read-only view).</summary>
    public ReadOnlySpan<double> Theta => Strategy.Theta;

    /// <summary>
    /// The policy architecture of a configuration, with the environment's spaces. A policy too large to act with on this
    /// machine (see <see cref="MemoryEstimate"/>, without what only training needs: a run trained elsewhere with a large
    /// M can still be evaluated and exported here) throws <see cref="ArgumentException"/> before anything is allocated.
    /// The environment is made by <paramref name="environments"/>, or by the registry. The estimate counts the policies
    /// of <paramref name="threads"/> rollout threads (default: the configuration's; 1 where one policy acts).
    /// </summary>
    public static PolicyArchitecture ArchitectureFor(TrainingConfig config, Func<Env>? environments = null, int? threads = null)
    {
        using var env = (environments ?? EnvironmentFactory.For(config))();
        if (MemoryEstimate.For(config, env.ObservationSpace.Dimension, env.ActionSpace, threads ?? config.Threads ?? 0, training: false).Problem() is string problem)
            throw new ArgumentException(problem);
        return PolicyArchitecture.Create(config.Policy, env.ObservationSpace.Dimension, env.ActionSpace, config.Layers);
    }

    /// <summary>θ₀: zeros, or N(0, InitialStd²) from the run's initialisation stream.</summary>
    public static double[] InitialTheta(TrainingConfig config, int dimension) => EsStrategy.InitialTheta(config, dimension);

    /// <summary>Coordinates of θ perturbed at <paramref name="iteration"/> (see <see cref="EsStrategy.ActiveCoordinates"/>).</summary>
    public int ActiveCoordinates(int iteration) => Strategy.ActiveCoordinates(iteration);

    /// <summary>M at <paramref name="iteration"/> (see <see cref="EsStrategy.PerturbationsAt"/>).</summary>
    public int PerturbationsAt(int iteration) => Strategy.PerturbationsAt(iteration);

    /// <summary>Runs one iteration and returns its metrics.</summary>
    public IterationMetrics Step()
    {
        var clock = Stopwatch.StartNew();
        var generation = Strategy.Ask();
        var result = _evaluator.Evaluate(generation.ToRequest(Config.IterationEvaluationEpisodes) with { Normalizer = Normalizer });
        var update = Strategy.Tell(result.Plus, result.Minus, result.Center);
        if (_observations is not null)
            _observations.Merge(result.Observations ?? throw new InvalidOperationException("the evaluator returned no observation statistics"));
        _environmentSteps += result.EnvironmentSteps;
        DroppedPerturbations = update.DroppedPerturbations;
        double seconds = clock.Elapsed.TotalSeconds;
        _elapsedSeconds += seconds;
        return new IterationMetrics(update.Iteration, _environmentSteps, update.MeanReturn, update.MaxReturn,
            result.Evaluations.Length > 0 ? result.Evaluations.Average() : double.NaN, update.GradientNorm, seconds, _elapsedSeconds);
    }

    /// <summary>Perturbations dropped by the last iteration for a non-finite return (<see cref="NonFiniteReturns.DropPair"/>).</summary>
    public int DroppedPerturbations { get; private set; }

    /// <summary>A copy of the state for a checkpoint.</summary>
    public TrainingState Snapshot()
    {
        var state = Strategy.Snapshot(_environmentSteps, _elapsedSeconds);
        return _observations is null ? state : new TrainingState
        {
            Iteration = state.Iteration, Theta = state.Theta, OptimizerState = state.OptimizerState, OptimizerSteps = state.OptimizerSteps,
            EnvironmentSteps = state.EnvironmentSteps, ElapsedSeconds = state.ElapsedSeconds, Observations = _observations.Clone(),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsEvaluator) _evaluator.Dispose();
    }
}
