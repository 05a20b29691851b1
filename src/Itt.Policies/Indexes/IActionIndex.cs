using Itt.Core.Random;

namespace Itt.Policies.Indexes;

/// <summary>
/// Maximum-inner-product search over the action embeddings of A*. Embeddings are handed over as structure of
/// arrays: d rows of N values (row j = coordinate j of every action). Brute force is the reference that every
/// faster index is tested against.
/// </summary>
public interface IActionIndex
{
    /// <summary>Indexes <paramref name="count"/> embeddings of dimension <paramref name="dimension"/>; the span must stay valid until the next build.</summary>
    void Build(float[] embeddings, int count, int dimension);

    /// <summary>The candidate with the largest inner product with <paramref name="query"/> (ties: lowest index).</summary>
    int ArgMax(ReadOnlySpan<float> query);

    /// <summary>Samples a candidate with probability ∝ exp(⟨query, l_A(a)⟩) (eq. 3).</summary>
    int Sample(ReadOnlySpan<float> query, CounterRng random);
}
