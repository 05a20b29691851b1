using Itt.Core.Random;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Policies.Actions;
using Itt.Policies.Indexes;

namespace Itt.Export;

/// <summary>
/// A trained policy in the form it is deployed: θ, an optional observation normaliser and, for the implicit
/// policies, one candidate set A* fixed at export (N uniform samples drawn from <see cref="CandidateSeed"/>, or every
/// action of a discrete space) with exact argmax selection. This is what the ONNX and JSON exports hold, and
/// <see cref="Act"/> is the C# reference they are checked against.
/// </summary>
public sealed class FrozenPolicy
{
    private readonly Policy _policy;
    private readonly float[] _normalized;

    private FrozenPolicy(PolicyArchitecture architecture, float[] theta, int actionSamples, ulong candidateSeed,
        ObservationNormalization? normalization)
    {
        Architecture = architecture;
        Theta = theta;
        ActionSamples = actionSamples;
        CandidateSeed = candidateSeed;
        Normalization = normalization;
        // A* drawn once as a per-iteration candidate set keyed by the seed, and never again: the same draw as a
        // training iteration whose candidate-set key is that seed.
        var options = new PolicyOptions(actionSamples, CandidateSampling.PerIteration, ActionSelection.ArgMax,
            new IndexOptions(IndexKind.BruteForce));
        _policy = Policy.Create(architecture, options);
        _policy.Bind(theta);
        _policy.BeginEpisode(new CounterRng(candidateSeed, StreamPurpose.User), candidateSeed);
        _normalized = new float[architecture.ObservationSize];
    }

    /// <summary>Networks, θ layout and spaces.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>θ as floats (the precision policies act in).</summary>
    public float[] Theta { get; }

    /// <summary>N requested for a continuous action space (a discrete space always uses all its actions).</summary>
    public int ActionSamples { get; }

    /// <summary>The seed A* was drawn from.</summary>
    public ulong CandidateSeed { get; }

    /// <summary>The observation normaliser, or null.</summary>
    public ObservationNormalization? Normalization { get; }

    /// <summary>A* of an implicit policy (null for an explicit one).</summary>
    public ActionCandidates? Candidates => (_policy as ImplicitPolicy)?.Candidates;

    /// <summary>
    /// Freezes <paramref name="theta"/> of <paramref name="architecture"/>; A* holds <paramref name="actionSamples"/>
    /// candidates drawn from <paramref name="candidateSeed"/> when the action space is continuous.
    /// </summary>
    public static FrozenPolicy Create(PolicyArchitecture architecture, ReadOnlySpan<float> theta, int actionSamples = 1000,
        ulong candidateSeed = 1, ObservationNormalization? normalization = null)
    {
        if (theta.Length != architecture.ParameterCount)
            throw new ArgumentException($"θ has {theta.Length} entries; the architecture needs {architecture.ParameterCount}");
        if (actionSamples < 1) throw new ArgumentException($"the number of candidate actions N must be at least 1 (got {actionSamples})");
        if (architecture.Kind != PolicyKind.Explicit && architecture.ActionSpace is BoxSpace { IsBounded: false })
            throw new ArgumentException("an implicit policy needs a bounded action box to sample candidates from");
        if (normalization?.Validate(architecture.ObservationSize) is string problem) throw new ArgumentException(problem);
        return new FrozenPolicy(architecture, theta.ToArray(), actionSamples, candidateSeed, normalization);
    }

    /// <summary>Creates it from θ in double precision (as checkpoints hold it), rounding each entry to float.</summary>
    public static FrozenPolicy Create(PolicyArchitecture architecture, ReadOnlySpan<double> theta, int actionSamples = 1000,
        ulong candidateSeed = 1, ObservationNormalization? normalization = null)
    {
        var single = new float[theta.Length];
        for (int k = 0; k < theta.Length; k++) single[k] = (float)theta[k];
        return Create(architecture, single, actionSamples, candidateSeed, normalization);
    }

    /// <summary>Writes the action for <paramref name="observation"/> (a discrete action as its index). Not thread-safe.</summary>
    public void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (Normalization is null)
        {
            _policy.Act(observation, action);
            return;
        }
        Normalization.Apply(observation, _normalized);
        _policy.Act(_normalized, action);
    }
}
