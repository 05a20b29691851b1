using Itt.Policies.Actions;
using Itt.Policies.Indexes;

namespace Itt.Policies;

/// <summary>How an implicit policy turns scores into an action.</summary>
public enum ActionSelection
{
    /// <summary>The best-scoring candidate (eq. 5).</summary>
    ArgMax,
    /// <summary>A candidate sampled with probability ∝ exp(score) (eq. 3).</summary>
    Softmax,
}

/// <summary>Run-time options of a policy that do not change θ's layout.</summary>
/// <param name="ActionSamples">N, the size of A* for a continuous action space.</param>
/// <param name="Sampling">When A* is drawn.</param>
/// <param name="Selection">Argmax or softmax sampling over A*.</param>
/// <param name="Index">The ITT action index (brute force, SRP hashing or a random-feature tree).</param>
public sealed record PolicyOptions(int ActionSamples = 1000, CandidateSampling Sampling = CandidateSampling.PerStep,
    ActionSelection Selection = ActionSelection.ArgMax, IndexOptions? Index = null)
{
    /// <summary>The index options, brute force when none were given.</summary>
    public IndexOptions IndexOrDefault => Index ?? new IndexOptions();
}
