using Itt.Core.Random;
using Itt.Policies.Actions;

namespace Itt.Policies;

/// <summary>
/// A policy bound to a parameter vector θ. The caller owns θ's buffer and may overwrite it between episodes;
/// <see cref="BeginEpisode"/> must follow any change. <see cref="Act"/> allocates nothing.
/// </summary>
public abstract class Policy
{
    private float[] _theta = [];

    /// <summary>Creates a policy for <paramref name="architecture"/>.</summary>
    protected Policy(PolicyArchitecture architecture, PolicyOptions options)
    {
        Architecture = architecture;
        Options = options;
    }

    /// <summary>The networks and θ layout.</summary>
    public PolicyArchitecture Architecture { get; }

    /// <summary>Run-time options.</summary>
    public PolicyOptions Options { get; }

    /// <summary>The randomness of the current episode (A* sampling, softmax selection).</summary>
    protected CounterRng Random { get; private set; } = new(0, StreamPurpose.User);

    /// <summary>θ as bound.</summary>
    protected ReadOnlySpan<float> Theta => _theta;

    /// <summary>Binds θ (kept by reference, never copied).</summary>
    public void Bind(float[] theta)
    {
        if (theta.Length != Architecture.ParameterCount)
            throw new ArgumentException($"θ has {theta.Length} entries; the architecture needs {Architecture.ParameterCount}.", nameof(theta));
        _theta = theta;
    }

    /// <summary>
    /// Starts an episode: θ may have changed, and <paramref name="random"/> drives its action sampling.
    /// <paramref name="candidateSetKey"/> identifies the A* shared by every rollout of an iteration
    /// (<see cref="CandidateSampling.PerIteration"/>); equal keys mean equal candidate sets.
    /// </summary>
    public virtual void BeginEpisode(CounterRng random, ulong candidateSetKey = 0) => Random = random;

    /// <summary>Writes the action for <paramref name="observation"/> (a discrete action as its index).</summary>
    public abstract void Act(ReadOnlySpan<float> observation, Span<float> action);

    /// <summary>Makes the policy of <paramref name="architecture"/>'s kind.</summary>
    public static Policy Create(PolicyArchitecture architecture, PolicyOptions options) => architecture.Kind switch
    {
        PolicyKind.Itt => new ImplicitTwoTowerPolicy(architecture, options),
        PolicyKind.Iot => new ImplicitOneTowerPolicy(architecture, options),
        PolicyKind.Explicit => new ExplicitPolicy(architecture, options),
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };
}

/// <summary>Shared A* handling of the implicit policies.</summary>
public abstract class ImplicitPolicy : Policy
{
    private ulong? _candidateSetKey;

    /// <summary>Creates the candidate set for the architecture's action space.</summary>
    protected ImplicitPolicy(PolicyArchitecture architecture, PolicyOptions options) : base(architecture, options)
        => Candidates = new ActionCandidates(architecture.ActionSpace, options.ActionSamples);

    /// <summary>A*.</summary>
    public ActionCandidates Candidates { get; }

    /// <summary>Incremented whenever A* is redrawn, so caches built on it know they are stale.</summary>
    public long CandidatesVersion { get; private set; }

    /// <inheritdoc />
    public override void BeginEpisode(CounterRng random, ulong candidateSetKey = 0)
    {
        base.BeginEpisode(random, candidateSetKey);
        if (Candidates.IsFixed) return;
        switch (Options.Sampling)
        {
            case CandidateSampling.PerRollout:
                Redraw(random);
                break;
            case CandidateSampling.PerIteration when _candidateSetKey != candidateSetKey:
                Redraw(new CounterRng(candidateSetKey, StreamPurpose.CandidateSet));
                _candidateSetKey = candidateSetKey;
                break;
        }
    }

    /// <summary>Draws A* again at every step when the schedule says so.</summary>
    protected void RefreshCandidates()
    {
        if (Options.Sampling == CandidateSampling.PerStep && !Candidates.IsFixed) Redraw(Random);
    }

    private void Redraw(CounterRng random)
    {
        Candidates.Resample(random);
        CandidatesVersion++;
    }

    /// <summary>Argmax or softmax over <paramref name="scores"/>.</summary>
    protected int Select(ReadOnlySpan<float> scores) => Options.Selection == ActionSelection.ArgMax
        ? Core.Numerics.Kernels.ArgMax(scores)
        : Indexes.Softmax.Sample(scores, Random);
}
