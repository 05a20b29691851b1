using Itt.Core.Random;
using Itt.Environments;
using Itt.Policies;
using Itt.Training.Checkpoints;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Training.Normalization;
using Itt.Training.Runs;

namespace Itt.Training.Inference;

/// <summary>
/// A trained policy loaded from a run folder in one call, ready to act on float observations. Its parts (configuration,
/// architecture, θ, observation normaliser) are exposed read-only for exporters. Not thread-safe: load one per thread.
/// </summary>
public sealed class TrainedPolicy
{
    private readonly double[] _theta;
    private readonly float[] _parameters;
    private readonly Policy _policy;
    private readonly float[] _normalized;

    private TrainedPolicy(TrainingConfig config, PolicyArchitecture architecture, TrainingState state)
    {
        Config = config;
        Architecture = architecture;
        Iteration = state.Iteration;
        Normalizer = config.NormalizeObservations
            ? (state.Observations ?? throw new CheckpointException("the run normalises observations but its checkpoint holds no statistics")).Freeze()
            : null;
        _normalized = new float[architecture.ObservationSize];
        _theta = (double[])state.Theta.Clone();
        _parameters = _theta.Select(t => (float)t).ToArray(); // the floats every rollout acted with
        _policy = Policy.Create(architecture, config.PolicyOptions(inference: true));
        _policy.Bind(_parameters);
        BeginEpisode(PolicyEvaluation.FinalSeed(config.Seed));
    }

    /// <summary>
    /// Loads the latest checkpoint of the run in <paramref name="runFolder"/>. A run of an environment outside the registry
    /// needs its factory as <paramref name="environments"/> (only its spaces are read).
    /// </summary>
    /// <exception cref="RunFolderException">The folder is missing or holds no checkpoint.</exception>
    /// <exception cref="CheckpointException">The checkpoint is unreadable or does not fit the architecture.</exception>
    public static TrainedPolicy Load(string runFolder, Func<Env>? environments = null)
    {
        var folder = RunFolder.Open(runFolder);
        var (config, state) = Checkpoint.Load(folder.CheckpointPath, environments); // θ is checked against the architecture
        var architecture = EsTrainer.ArchitectureFor(config, environments, threads: 1); // one policy acts
        return new TrainedPolicy(config, architecture, state);
    }

    /// <summary>The id of the environment the policy was trained on.</summary>
    public string EnvironmentId => Config.Environment;

    /// <summary>The run's configuration.</summary>
    public TrainingConfig Config { get; }

    /// <summary>The networks and θ layout.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>Iterations trained.</summary>
    public int Iteration { get; }

    /// <summary>θ as trained (doubles; the policy acts with their float rounding).</summary>
    public ReadOnlySpan<double> Theta => _theta;

    /// <summary>The observation normaliser the policy acts through (frozen from the run's statistics), or null when the run does not normalise.</summary>
    public ObservationNormalizer? Normalizer { get; }

    /// <summary>Observation entries <see cref="Act"/> expects.</summary>
    public int ObservationSize => Architecture.ObservationSize;

    /// <summary>Action entries <see cref="Act"/> writes (1 for a discrete space: the action's index).</summary>
    public int ActionSize => Architecture.ActionSpace.Dimension;

    /// <summary>
    /// Starts an episode: re-seeds the policy's own randomness (candidate actions A*, softmax), so episodes are
    /// repeatable. Loading starts one seeded like the run's final evaluation.
    /// </summary>
    public void BeginEpisode(ulong seed) => _policy.BeginEpisode(new CounterRng(seed, StreamPurpose.EvaluationPolicy, -1, 0),
        RolloutJob.CandidateSetKey(seed, -1));

    /// <summary>Writes the action for the raw <paramref name="observation"/> (normalised here when the run normalises) into <paramref name="action"/>.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (observation.Length != ObservationSize) throw new ArgumentException($"observation has {observation.Length} entries; the policy needs {ObservationSize}", nameof(observation));
        if (action.Length != ActionSize) throw new ArgumentException($"action has {action.Length} entries; the policy writes {ActionSize}", nameof(action));
        if (Normalizer is null)
        {
            _policy.Act(observation, action);
            return;
        }
        Normalizer.Apply(observation, _normalized);
        _policy.Act(_normalized, action);
    }
}
