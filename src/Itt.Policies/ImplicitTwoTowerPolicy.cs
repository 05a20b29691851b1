using Itt.Core.Random;
using Itt.Policies.Indexes;
using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>
/// The ITT policy: a = argmax over A* of ⟨l_S(s), l_A(a)⟩ (eq. 5), or softmax sampling over the same scores,
/// through an action index (brute force, SRP or a random-feature tree). The action embeddings l_A(A*) and their
/// index are rebuilt only when A* or the action tower's weights change: with a discrete space or a fixed A*, and
/// an unchanged action tower (lazy updates), a step costs only the state tower and the query.
/// </summary>
public sealed class ImplicitTwoTowerPolicy : ImplicitPolicy
{
    private readonly Mlp _stateTower;
    private readonly Mlp _actionTower;
    private readonly IActionIndex _index;
    private readonly float[] _embeddings;
    private readonly float[] _query;
    private readonly float[] _scratch;
    private readonly float[] _batchScratch;
    private readonly float[] _builtActionWeights;
    private long _builtCandidatesVersion = -1;
    private bool _weightsChanged = true;

    /// <summary>Creates the policy with the index of <paramref name="options"/>.</summary>
    public ImplicitTwoTowerPolicy(PolicyArchitecture architecture, PolicyOptions options)
        : base(architecture, options)
    {
        _stateTower = architecture.StateTower ?? throw new ArgumentException("Not an ITT architecture.");
        _actionTower = architecture.ActionTower!;
        _index = options.IndexOrDefault.Create(Latent);
        _embeddings = new float[Latent * Candidates.Count];
        _query = new float[Latent];
        _scratch = new float[2 * _stateTower.MaxWidth];
        _batchScratch = new float[2 * _actionTower.MaxWidth * Candidates.Count];
        _builtActionWeights = new float[_actionTower.ParameterCount];
    }

    /// <summary>Latent dimension d.</summary>
    public int Latent => _stateTower.OutputSize;

    /// <summary>The action index.</summary>
    public IActionIndex Index => _index;

    /// <summary>How many times the action embeddings and index were (re)built: for tests of reuse.</summary>
    public long EmbeddingBuilds { get; private set; }

    private ReadOnlySpan<float> ActionWeights => Theta.Slice(Architecture.ActionTowerOffset, _actionTower.ParameterCount);

    /// <inheritdoc />
    public override void BeginEpisode(CounterRng random, ulong candidateSetKey = 0)
    {
        base.BeginEpisode(random, candidateSetKey);
        _weightsChanged |= !ActionWeights.SequenceEqual(_builtActionWeights);
    }

    /// <summary>The state embedding l_S(s).</summary>
    public void EmbedState(ReadOnlySpan<float> observation, Span<float> latent)
        => _stateTower.Forward(Theta.Slice(0, _stateTower.ParameterCount), observation, latent, _scratch);

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        RefreshCandidates();
        if (_weightsChanged || _builtCandidatesVersion != CandidatesVersion)
        {
            _actionTower.ForwardBatch(ActionWeights, Candidates.Values, _embeddings, Candidates.Count, _batchScratch);
            _index.Build(_embeddings, Candidates.Count, Latent);
            ActionWeights.CopyTo(_builtActionWeights);
            _builtCandidatesVersion = CandidatesVersion;
            _weightsChanged = false;
            EmbeddingBuilds++;
        }
        EmbedState(observation, _query);
        int chosen = Options.Selection == ActionSelection.ArgMax ? _index.ArgMax(_query) : _index.Sample(_query, Random);
        Candidates.WriteAction(chosen, action);
    }
}
