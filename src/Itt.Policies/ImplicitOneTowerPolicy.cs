using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>
/// The IOT policy: one energy network scores every pair [s, a] for a in A*, and the best score wins (its output
/// is the negated energy). Every step evaluates the whole network N times: nothing carries over between states.
/// </summary>
public sealed class ImplicitOneTowerPolicy : ImplicitPolicy
{
    private readonly Mlp _network;
    private readonly float[] _inputs;
    private readonly float[] _scores;
    private readonly float[] _batchScratch;

    /// <summary>Creates the policy.</summary>
    public ImplicitOneTowerPolicy(PolicyArchitecture architecture, PolicyOptions options) : base(architecture, options)
    {
        _network = architecture.Network ?? throw new ArgumentException("Not an IOT architecture.");
        _inputs = new float[_network.InputSize * Candidates.Count];
        _scores = new float[Candidates.Count];
        _batchScratch = new float[2 * _network.MaxWidth * Candidates.Count];
    }

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        RefreshCandidates();
        int n = Candidates.Count;
        var inputs = _inputs.AsSpan();
        for (int j = 0; j < observation.Length; j++) inputs.Slice(j * n, n).Fill(observation[j]);
        Candidates.Values.AsSpan().CopyTo(inputs.Slice(observation.Length * n));
        _network.ForwardBatch(Theta, inputs, _scores, n, _batchScratch);
        Candidates.WriteAction(Select(_scores), action);
    }
}
