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
/// Large embeddings push every feature of a point below the range of a double (ωᵀx − ‖x‖²/2 &lt; −708 once ‖x‖ passes
/// about 40), and the weights to 0, where the descent could only fall to one side. The features are therefore the
/// formula's wherever it gives a query a positive weight, and scaled by a common factor, which cancels in every
/// a/(a+b), only where it does not: all of A* when every leaf feature underflows, a query whose root weight is 0.
/// </summary>
public sealed class RandomFeatureTreeIndex : IActionIndex
{
    private readonly int _latent;
    private readonly int _features;
    private readonly ulong _seed;
    private readonly double[] _omegaByCoordinate; // d × m: row j holds coordinate j of every ωᵢ
    private readonly double[] _queryFeatures;
    private readonly double[] _coordinates; // the point whose features are computed, in double precision
    private double[] _nodes = []; // heap layout: node v at [v·m, (v+1)·m), root 1, leaves size..2·size−1
    private int[] _leafToCandidate = [];
    private int _size;
    private int _count = -1;
    private double _leafTop; // the largest exponent of the leaves as stored (0 where they were shifted)

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
        _coordinates = new double[latent];
    }

    /// <summary>Number of leaves of the tree (N rounded up to a power of two).</summary>
    public int Leaves => _size;

    /// <summary>ψ(x) into <paramref name="destination"/>.</summary>
    public void Features(ReadOnlySpan<float> x, Span<double> destination)
    {
        var features = destination[.._features];
        Exponents(x, features);
        Exponential.ScaledExp(features, 1.0 / Math.Sqrt(_features), features);
    }

    /// <summary>
    /// ψ(q) into the query's features: the formula's, or, where that gives the root weight 0, ψ(q) scaled by the factor
    /// that brings the largest product of a query's and the leaves' exponents to e⁰.
    /// </summary>
    private void QueryFeatures(ReadOnlySpan<float> query)
    {
        Features(query, _queryFeatures);
        if (Weight(1) > 0 || _size < 2) return;
        Exponents(query, _queryFeatures);
        double shift = Max(_queryFeatures) + _leafTop;
        if (!double.IsFinite(shift)) return; // NaN θ or no finite exponent: nothing to rescale
        foreach (ref double e in _queryFeatures.AsSpan()) e -= shift;
        Exponential.ScaledExp(_queryFeatures, 1.0 / Math.Sqrt(_features), _queryFeatures);
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        double top = double.NegativeInfinity;
        foreach (double v in values) top = Math.Max(top, v);
        return top;
    }

    /// <summary>ωᵢᵀx − ‖x‖²/2 for every feature i.</summary>
    private void Exponents(ReadOnlySpan<float> x, Span<double> features)
    {
        var coordinates = _coordinates.AsSpan();
        double norm2 = 0;
        for (int j = 0; j < coordinates.Length; j++)
        {
            coordinates[j] = x[j];
            norm2 += coordinates[j] * coordinates[j];
        }
        ref double target = ref MemoryMarshal.GetReference(features);
        // ωᵢᵀx − ‖x‖²/2, a vector of features at a time, then the exponential and the scale in a pass of their own:
        // fused into one loop, one long dependent chain per vector ran twice as slowly. N·m of these per build
        // dominate a tree rebuilt at every step.
        int i = 0;
        if (Lanes512.IsAccelerated) i = CentredProjections<Lanes512, Vector512<double>>(coordinates, norm2 / 2, ref target, i);
        if (Lanes256.IsAccelerated) i = CentredProjections<Lanes256, Vector256<double>>(coordinates, norm2 / 2, ref target, i);
        CentredProjections<ScalarLanes, double>(coordinates, norm2 / 2, ref target, i);
    }

    // ωᵢᵀx − half for whole vectors of features from i on; returns the first feature left over. Every sum starts from 0
    // and runs in coordinate order (ω is stored by coordinate), so each lane rounds as the scalar width does.
    private int CentredProjections<TLanes, TVector>(ReadOnlySpan<double> coordinates, double half, ref double target, int i)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        ref double omega = ref MemoryMarshal.GetArrayDataReference(_omegaByCoordinate);
        for (; i <= _features - TLanes.Width; i += TLanes.Width)
        {
            var sum = TLanes.Create(0);
            for (int j = 0; j < coordinates.Length; j++)
                sum = TLanes.Add(sum, TLanes.Multiply(TLanes.Load(ref omega, (nuint)(j * _features + i)), TLanes.Create(coordinates[j])));
            TLanes.Store(TLanes.Subtract(sum, TLanes.Create(half)), ref target, (nuint)i);
        }
        return i;
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
        // The leaves' exponents first, shifted for all of A* only where every one would underflow, then the features.
        Span<float> x = stackalloc float[_latent];
        for (int leaf = 0; leaf < count; leaf++)
        {
            int n = _leafToCandidate[leaf];
            for (int j = 0; j < _latent; j++) x[j] = embeddings[j * count + n];
            Exponents(x, _nodes.AsSpan((_size + leaf) * _features, _features));
        }
        var leaves = _nodes.AsSpan(_size * _features, count * _features);
        _leafTop = Max(leaves);
        if (_leafTop < -Exponential.Limit) // every leaf feature would be 0
        {
            foreach (ref double e in leaves) e -= _leafTop;
            _leafTop = 0;
        }
        Exponential.ScaledExp(leaves, 1.0 / Math.Sqrt(_features), leaves);
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
        QueryFeatures(query);
        int leaf = Array.IndexOf(_leafToCandidate, candidate);
        double p = 1;
        for (int v = _size + leaf; v > 1; v /= 2)
        {
            double mine = Weight(v), sibling = Weight(v ^ 1);
            p *= mine + sibling > 0 ? mine / (mine + sibling) : 0; // a subtree of weight 0 is never entered
        }
        return p;
    }

    /// <inheritdoc />
    public int Sample(ReadOnlySpan<float> query, CounterRng random)
    {
        QueryFeatures(query);
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
        QueryFeatures(query);
        int v = 1;
        while (v < _size) v = Weight(2 * v) >= Weight(2 * v + 1) ? 2 * v : 2 * v + 1;
        return Math.Max(_leafToCandidate[v - _size], 0);
    }
}
