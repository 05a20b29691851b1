using Itt.Core.Numerics;
using Itt.Core.Random;

namespace Itt.Policies.Indexes;

/// <summary>Scores every candidate: O(N·d) per query, vectorised across candidates.</summary>
public sealed class BruteForceIndex : IActionIndex
{
    private float[] _embeddings = [];
    private float[] _scores = [];
    private int _count, _dimension;

    /// <inheritdoc />
    public void Build(float[] embeddings, int count, int dimension)
    {
        _embeddings = embeddings;
        _count = count;
        _dimension = dimension;
        if (_scores.Length < count) _scores = new float[count];
    }

    /// <summary>Writes ⟨query, l_A(a_i)⟩ for every candidate into the internal score buffer and returns it.</summary>
    public ReadOnlySpan<float> Scores(ReadOnlySpan<float> query)
    {
        var scores = _scores.AsSpan(0, _count);
        Kernels.MatMulBatch(query, _embeddings, scores, 1, _dimension, _count); // the 1 × d query times d × N embeddings
        return scores;
    }

    /// <inheritdoc />
    public int ArgMax(ReadOnlySpan<float> query) => Kernels.ArgMax(Scores(query));

    /// <inheritdoc />
    public int Sample(ReadOnlySpan<float> query, CounterRng random) => Softmax.Sample(Scores(query), random);
}
