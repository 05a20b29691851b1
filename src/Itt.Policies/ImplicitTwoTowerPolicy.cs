using Itt.Core.Random;
using Itt.Policies.Indexes;
using Itt.Policies.Networks;

namespace Itt.Policies;

/// <summary>
/// The ITT policy: a = argmax over A* of ⟨l_S(s), l_A(a)⟩ (eq. 5), or softmax sampling over the same scores.
/// The action embeddings l_A(A*) and their index are computed once per A* and θ and reused across steps:
/// with a discrete space or A* drawn once per rollout a step costs only the state tower and the query.
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
    private bool _indexValid;

    /// <summary>Creates the policy with a brute-force index.</summary>
    public ImplicitTwoTowerPolicy(PolicyArchitecture architecture, PolicyOptions options, IActionIndex? index = null)
        : base(architecture, options)
    {
        _stateTower = architecture.StateTower ?? throw new ArgumentException("Not an ITT architecture.");
        _actionTower = architecture.ActionTower!;
        _index = index ?? new BruteForceIndex();
        _embeddings = new float[Latent * Candidates.Count];
        _query = new float[Latent];
        _scratch = new float[2 * _stateTower.MaxWidth];
        _batchScratch = new float[2 * _actionTower.MaxWidth * Candidates.Count];
    }

    /// <summary>Latent dimension d.</summary>
    public int Latent => _stateTower.OutputSize;

    /// <summary>How many times the action embeddings were (re)computed: for tests of reuse.</summary>
    public long EmbeddingBuilds { get; private set; }

    /// <inheritdoc />
    public override void BeginEpisode(CounterRng random)
    {
        base.BeginEpisode(random);
        _indexValid = false; // θ may have changed
    }

    /// <summary>The state embedding l_S(s).</summary>
    public void EmbedState(ReadOnlySpan<float> observation, Span<float> latent)
        => _stateTower.Forward(Theta.Slice(0, _stateTower.ParameterCount), observation, latent, _scratch);

    /// <inheritdoc />
    public override void Act(ReadOnlySpan<float> observation, Span<float> action)
    {
        if (RefreshCandidates() || !_indexValid)
        {
            var actionTheta = Theta.Slice(Architecture.ActionTowerOffset, _actionTower.ParameterCount);
            _actionTower.ForwardBatch(actionTheta, Candidates.Values, _embeddings, Candidates.Count, _batchScratch);
            _index.Build(_embeddings, Candidates.Count, Latent);
            _indexValid = true;
            EmbeddingBuilds++;
        }
        EmbedState(observation, _query);
        int chosen = Options.Selection == ActionSelection.ArgMax ? _index.ArgMax(_query) : _index.Sample(_query, Random);
        Candidates.WriteAction(chosen, action);
    }
}
