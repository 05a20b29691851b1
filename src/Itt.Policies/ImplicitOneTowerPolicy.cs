using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>
/// The IOT policy: one energy network scores every pair [s, a] for a in A*, and the best score wins (its output
/// is the negated energy). Every step evaluates the network N times: only the state's share of the first layer,
/// the same for every candidate, is computed once per step (bit for bit the same scores as N full evaluations).
/// </summary>
public sealed class ImplicitOneTowerPolicy : ImplicitPolicy
{
    private readonly Mlp _network;
    private readonly float[] _scores;
    private readonly float[] _batchScratch;

    /// <summary>Creates the policy.</summary>
    public ImplicitOneTowerPolicy(PolicyArchitecture architecture, PolicyOptions options) : base(architecture, options)
    {
        _network = architecture.Network ?? throw new ArgumentException("Not an IOT architecture.");
        _scores = new float[Candidates.Count];
        _batchScratch = new float[2 * _network.MaxWidth * Candidates.Count];
    }

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (observation.Length != _network.InputSize - Candidates.Dimension)
            throw new ArgumentException($"Expected {_network.InputSize - Candidates.Dimension} observation values, got {observation.Length}.");
        RefreshCandidates();
        _network.ForwardBatch(Theta, observation, Candidates.Values, _scores, Candidates.Count, _batchScratch);
        Candidates.WriteAction(Select(_scores), action);
    }
}
