using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;

namespace Itt.Training.Configuration;

/// <summary>Which ES gradient estimator to use.</summary>
public enum GradientEstimator
{
    /// <summary>Antithetic pairs F(θ+σε) − F(θ−σε) (eq. 6): 2M episodes.</summary>
    Antithetic,
    /// <summary>Forward differences F(θ+σε) − F(θ) (eq. 14): M + 1 episodes.</summary>
    ForwardDifference,
}

/// <summary>How θ follows the gradient estimate.</summary>
public enum OptimizerKind
{
    /// <summary>θ ← θ + η ĝ (eq. 7, the paper's update).</summary>
    Sgd,
    /// <summary>Adam (Kingma &amp; Ba) ascending ĝ with β = (0.9, 0.999).</summary>
    Adam,
}

/// <summary>How returns are transformed before they enter the estimator.</summary>
public enum FitnessShaping
{
    /// <summary>Raw returns (the paper's setting).</summary>
    None,
    /// <summary>Centred ranks in [−0.5, 0.5] over all returns of the iteration (Salimans et al., 2017).</summary>
    CenteredRanks,
}

/// <summary>
/// What a non-finite return (NaN or ±∞) of a perturbed rollout does to an iteration; an episode whose simulation diverges
/// (MuJoCo warned, as dm_control's <c>PhysicsError</c>) returns NaN.
/// </summary>
public enum NonFiniteReturns
{
    /// <summary>Stop the run, naming the seed, iteration and perturbation index.</summary>
    Fail,
    /// <summary>Drop the perturbation (with its antithetic partner) and average the estimate over the remaining ones.</summary>
    DropPair,
}

/// <summary>
/// Everything that determines a training run. Two runs with equal <see cref="Hash"/> produce the same θ
/// sequence bit for bit; <see cref="Iterations"/>, <see cref="TargetReturn"/>, <see cref="Threads"/> and
/// <see cref="CheckpointEvery"/> are excluded from the hash because they change how long or how fast a run goes, not
/// where it goes.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Environment id from the registry.</summary>
    public string Environment { get; init; } = "CartPole-v1";

    /// <summary>Policy family.</summary>
    public PolicyKind Policy { get; init; } = PolicyKind.Itt;

    /// <summary>Seed of every random stream of the run.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Number of ES iterations to reach (a resumed run continues up to this count).</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>
    /// Stop at the first iteration whose evaluation of θ (over <see cref="IterationEvaluationEpisodes"/>) reaches this return
    /// (null: run every iteration). It only ends a run early, so a stopped run equals one given that many iterations;
    /// left out of the JSON when null, and out of the hash, like <see cref="Iterations"/>.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? TargetReturn { get; init; }

    /// <summary>Perturbation scale σ (&gt; 0).</summary>
    public double Sigma { get; init; } = 1.0;

    /// <summary>Learning rate η (&gt; 0).</summary>
    public double LearningRate { get; init; } = 0.01;

    /// <summary>Perturbations per iteration M; null means M = D (written as 0, as before it was optional).</summary>
    [JsonConverter(typeof(Itt.Core.Serialization.UnsetAsZeroConverter))]
    public int? Perturbations { get; init; }

    /// <summary>N, candidate actions sampled for a continuous space.</summary>
    public int ActionSamples { get; init; } = 1000;

    /// <summary>When A* is drawn.</summary>
    public CandidateSampling ActionSampling { get; init; } = CandidateSampling.PerStep;

    /// <summary>Argmax or softmax selection over A*.</summary>
    public ActionSelection Selection { get; init; } = ActionSelection.ArgMax;

    /// <summary>Gradient estimator.</summary>
    public GradientEstimator Estimator { get; init; } = GradientEstimator.Antithetic;

    /// <summary>Update rule.</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;

    /// <summary>Return transformation.</summary>
    public FitnessShaping Shaping { get; init; } = FitnessShaping.None;

    /// <summary>Episodes averaged into the return F of each perturbed rollout.</summary>
    [JsonPropertyName("episodesPerEvaluation")] // the name run folders have always stored
    public int EpisodesPerRollout { get; init; } = 1;

    /// <summary>Episodes of the unperturbed θ run every iteration for the learning curve (0 for none).</summary>
    [JsonPropertyName("evaluationEpisodes")] // the name run folders have always stored
    public int IterationEvaluationEpisodes { get; init; } = 1;

    /// <summary>Layer counts and widths.</summary>
    public LayerOptions Layers { get; init; } = new();

    /// <summary>The ITT action index used in training.</summary>
    public IndexOptions Index { get; init; } = new();

    /// <summary>The ITT action index used by <c>itt eval</c> and final results (null: the training index).
    /// It does not change θ, so it is not part of the hash.</summary>
    public IndexOptions? InferenceIndex { get; init; }

    /// <summary>Lazy action-tower updates: perturb and update the ITT action tower only every k-th iteration
    /// (1: every iteration; the paper's ITT-lazy uses 5).</summary>
    public int ActionTowerEvery { get; init; } = 1;

    /// <summary>Standard deviation of the Gaussian initial θ (0: start from zeros). The default 1 matches σ; zeros leave the
    /// implicit policies at a tie between all candidates, a local optimum on MountainCarContinuous.</summary>
    public double InitialStd { get; init; } = 1.0;

    /// <summary>What a non-finite return does. Left out of the JSON when <see cref="NonFiniteReturns.Fail"/>, so the hash of
    /// configurations (and checkpoints) written before the option existed is unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public NonFiniteReturns NonFiniteReturns { get; init; } = NonFiniteReturns.Fail;

    /// <summary>Normalise observations ARS-style: (x − mean)/std with the running statistics of every training rollout so far,
    /// frozen within an iteration. Off in the paper's presets; left out of the JSON when off, so older hashes are unchanged.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool NormalizeObservations { get; init; }

    /// <summary>Worker threads for rollouts (null: one per core; written as 0). Does not affect results.</summary>
    [JsonConverter(typeof(Itt.Core.Serialization.UnsetAsZeroConverter))]
    public int? Threads { get; init; }

    /// <summary>
    /// Checkpoints may be written only every this many iterations, and then only when enough time has passed since the
    /// last one (see <see cref="Runs.TrainingSession"/>); the final state is always written. Does not affect results.
    /// </summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>Returns a one-line description of the first invalid setting, or null when all are valid.</summary>
    public string? Validate()
    {
        if (string.IsNullOrWhiteSpace(Environment)) return "environment id is empty";
        if (Iterations < 1) return $"iterations must be at least 1 (got {Iterations})";
        if (!(Sigma > 0) || !double.IsFinite(Sigma)) return $"sigma must be a finite number > 0 (got {Sigma})";
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) return $"learning rate must be a finite number > 0 (got {LearningRate})";
        if (Perturbations is < 1) return $"perturbations M must be at least 1, or unset for M = D (got {Perturbations})";
        if (ActionSamples < 1) return $"action samples N must be at least 1 (got {ActionSamples})";
        if (EpisodesPerRollout < 1) return $"episodes per rollout must be at least 1 (got {EpisodesPerRollout})";
        if (IterationEvaluationEpisodes < 0) return $"evaluation episodes must be 0 or more (got {IterationEvaluationEpisodes})";
        if (!(InitialStd >= 0) || !double.IsFinite(InitialStd)) return $"initial std must be a finite number >= 0 (got {InitialStd})";
        if (Threads is < 1) return $"threads must be at least 1, or unset for one per core (got {Threads})";
        if (CheckpointEvery < 1) return $"checkpoint interval must be at least 1 (got {CheckpointEvery})";
        if (TargetReturn is double target && !double.IsFinite(target)) return $"target return must be a finite number (got {target})";
        if (TargetReturn is not null && IterationEvaluationEpisodes < 1) return "a target return needs evaluation episodes (--iteration-eval-episodes >= 1)";
        if (Layers.StateLayers < 1 || Layers.ActionLayers < 1 || Layers.NetworkLayers < 1) return "every network needs at least one layer";
        if (Layers.Width is < 1 || Layers.Latent is < 1) return "widths must be at least 1";
        if (ActionTowerEvery < 1) return $"action-tower update interval must be at least 1 (got {ActionTowerEvery})";
        if ((Index.Validate() ?? InferenceIndex?.Validate()) is string index) return index;
        return null;
    }

    /// <summary>Hex SHA-256 (first 16 digits) of the settings that determine θ's trajectory.</summary>
    [JsonIgnore]
    public string Hash
    {
        get
        {
            var canonical = Canonical();
            var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(canonical, Json.Options)));
            return Convert.ToHexString(bytes, 0, 8).ToLowerInvariant();
        }
    }

    private TrainingConfig Canonical() => this with { Iterations = 0, TargetReturn = null, Threads = null, CheckpointEvery = 0, InferenceIndex = null };

    /// <summary>The run-time policy options of training, or of inference when <paramref name="inference"/> is set.</summary>
    public PolicyOptions PolicyOptions(bool inference = false)
        => new(ActionSamples, ActionSampling, Selection, (inference ? InferenceIndex ?? Index : Index) with { Seed = Seed });

    /// <summary>Lists the settings whose values differ from <paramref name="other"/>'s and enter the hash.</summary>
    public IReadOnlyList<string> DifferencesFrom(TrainingConfig other)
    {
        var mine = JsonSerializer.SerializeToElement(Canonical(), Json.Options);
        var theirs = JsonSerializer.SerializeToElement(other.Canonical(), Json.Options);
        var diffs = new List<string>();
        foreach (var property in mine.EnumerateObject())
        {
            var otherValue = theirs.TryGetProperty(property.Name, out var v) ? v.GetRawText() : "(absent)";
            if (property.Value.GetRawText() != otherValue)
                diffs.Add($"{property.Name}: {otherValue} → {property.Value.GetRawText()}");
        }
        return diffs;
    }
}

/// <summary>The JSON settings used for configs, checkpoints and reports.</summary>
public static class Json
{
    /// <summary>Indented, camelCase, enums as strings.</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}
