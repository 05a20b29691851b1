using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Itt.Core.Numerics;
using Itt.Core.Random;

namespace Itt.Policies.Indexes;

/// <summary>
/// A random-feature tree (Appendix B.2): positive random features ψ(x)_i = exp(ω_iᵀx − ‖x‖²/2)/√m (FAVOR+) give
/// exp(xᵀy) = E[ψ(x)ᵀψ(y)]; a balanced binary tree over A* (leaves in a random order) stores in every node ξ(v),
/// the sum of its leaves' features, and a query descends from the root choosing the left child with probability
/// a/(a+b), a = ψ(q)ᵀξ(left), b = ψ(q)ᵀξ(right) (Lemma B.1): a softmax sample in O(m log N).
/// <see cref="ArgMax"/> descends greedily to the heavier child, an approximation of the argmax.
/// </summary>
public sealed class RandomFeatureTreeIndex : IActionIndex
{
    private readonly int _latent;
    private readonly int _features;
    private readonly ulong _seed;
    private readonly double[] _omegaByCoordinate; // d × m: row j holds coordinate j of every ωᵢ
    private readonly double[] _queryFeatures;
    private double[] _nodes = []; // heap layout: node v at [v·m, (v+1)·m), root 1, leaves size..2·size−1
    private int[] _leafToCandidate = [];
    private int _size;
    private int _count = -1;

    /// <summary>Creates an index with <paramref name="features"/> random features.</summary>
    public RandomFeatureTreeIndex(int latent, int features, ulong seed)
    {
        _latent = latent;
        _features = features;
        _seed = seed;
        var omega = new double[features * latent]; // m × d, row i = ωᵢ
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Index, 2, latent, features), features, latent, omega);
        _omegaByCoordinate = new double[features * latent];
        for (int i = 0; i < features; i++)
            for (int j = 0; j < latent; j++) _omegaByCoordinate[j * features + i] = omega[i * latent + j];
        _queryFeatures = new double[features];
    }

    /// <summary>Number of leaves of the tree (N rounded up to a power of two).</summary>
    public int Leaves => _size;

    /// <summary>ψ(x) into <paramref name="destination"/>.</summary>
    public void Features(ReadOnlySpan<float> x, Span<double> destination)
    {
        double norm2 = 0;
        for (int j = 0; j < _latent; j++) norm2 += (double)x[j] * x[j];
        double half = norm2 / 2, scale = 1.0 / Math.Sqrt(_features);
        var features = destination[.._features];
        // ωᵢᵀx − ‖x‖²/2 for four features at a time: each sum starts from 0 and runs in index order (ω is stored by
        // coordinate), and the scalar tail does the same operations as a lane. The exponential and the scale follow
        // as passes of their own: fused into this loop, one long dependent chain per vector ran twice as slowly.
        // N·m of these per build dominate a tree rebuilt at every step.
        ref double omega = ref MemoryMarshal.GetArrayDataReference(_omegaByCoordinate);
        ref double target = ref MemoryMarshal.GetReference(features);
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= _features - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var sum = Vector256<double>.Zero;
                for (int j = 0; j < _latent; j++)
                    sum += Vector256.LoadUnsafe(ref omega, (nuint)(j * _features + i)) * Vector256.Create((double)x[j]);
                (sum - Vector256.Create(half)).StoreUnsafe(ref target, (nuint)i);
            }
        for (; i < _features; i++)
        {
            double sum = 0;
            for (int j = 0; j < _latent; j++) sum += _omegaByCoordinate[j * _features + i] * x[j];
            features[i] = sum - half;
        }
        Exponential.Exp(features, features);
        Kernels.Scale<double>(features, scale, features);
    }

    /// <inheritdoc />
    public void Build(float[] embeddings, int count, int dimension)
    {
        if (dimension != _latent) throw new ArgumentException($"index built for d = {_latent}, got {dimension}");
        if (count != _count)
        {
            _count = count;
            _size = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, 1));
            _nodes = new double[2 * _size * _features];
            // Random leaf order ("split uniformly at random"), fixed for a given N so it is reproducible.
            _leafToCandidate = Enumerable.Range(0, _size).Select(i => i < count ? i : -1).ToArray();
            var rng = new CounterRng(_seed, StreamPurpose.Index, 3, count);
            for (int i = count - 1; i > 0; i--)
            {
                int j = rng.NextInt(i + 1);
                (_leafToCandidate[i], _leafToCandidate[j]) = (_leafToCandidate[j], _leafToCandidate[i]);
            }
        }
        // No clearing: every leaf below count and every inner node is overwritten, and the padding leaves stay zero.
        Span<float> x = stackalloc float[_latent];
        for (int leaf = 0; leaf < count; leaf++)
        {
            int n = _leafToCandidate[leaf];
            for (int j = 0; j < _latent; j++) x[j] = embeddings[j * count + n];
            Features(x, _nodes.AsSpan((_size + leaf) * _features, _features));
        }
        for (int v = _size - 1; v >= 1; v--)
            Kernels.Add<double>(_nodes.AsSpan(2 * v * _features, _features), _nodes.AsSpan((2 * v + 1) * _features, _features), _nodes.AsSpan(v * _features, _features));
    }

    private double Weight(int node)
    {
        var xi = _nodes.AsSpan(node * _features, _features);
        double s = 0;
        for (int i = 0; i < _features; i++) s += _queryFeatures[i] * xi[i];
        return s;
    }

    /// <summary>The probability the tree assigns to candidate <paramref name="candidate"/> for <paramref name="query"/> (product of branch probabilities).</summary>
    public double Probability(ReadOnlySpan<float> query, int candidate)
    {
        Features(query, _queryFeatures);
        int leaf = Array.IndexOf(_leafToCandidate, candidate);
        double p = 1;
        for (int v = _size + leaf; v > 1; v /= 2)
        {
            double mine = Weight(v), sibling = Weight(v ^ 1);
            p *= mine / (mine + sibling);
        }
        return p;
    }

    /// <inheritdoc />
    public int Sample(ReadOnlySpan<float> query, CounterRng random)
    {
        Features(query, _queryFeatures);
        int v = 1;
        while (v < _size)
        {
            double a = Weight(2 * v), b = Weight(2 * v + 1);
            v = random.NextDouble() * (a + b) < a ? 2 * v : 2 * v + 1;
        }
        return Math.Max(_leafToCandidate[v - _size], 0);
    }

    /// <inheritdoc />
    public int ArgMax(ReadOnlySpan<float> query)
    {
        Features(query, _queryFeatures);
        int v = 1;
        while (v < _size) v = Weight(2 * v) >= Weight(2 * v + 1) ? 2 * v : 2 * v + 1;
        return Math.Max(_leafToCandidate[v - _size], 0);
    }
}
