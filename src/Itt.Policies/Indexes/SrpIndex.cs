using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Itt.Core.Numerics;
using Itt.Core.Random;

namespace Itt.Policies.Indexes;

/// <summary>
/// Signed-random-projection hashing for maximum inner product search (Appendix B.1, C.2).
/// Action embeddings are lifted to a sphere of radius C = max‖l_A(a)‖ by appending √(C² − ‖l_A(a)‖²) (eq. 8), so the
/// largest inner product becomes the smallest angle; m block-orthogonal Gaussian directions, each shifted by the
/// median projection of A* when <c>medianOffsets</c> is set, give every action an m-bit code. A query is lifted by
/// appending 0 and scaled to radius C (angles do not change, and the offsets then mean the same thing for it), and
/// buckets are probed in increasing Hamming distance from its code, scoring candidates exactly, until the budget of
/// scored candidates is spent. With a budget of N or more the answer is the exact argmax.
/// </summary>
public sealed class SrpIndex : IActionIndex
{
    private readonly int _latent;
    private readonly int _bits;
    private readonly int _budgetSetting;
    private readonly bool _medianOffsets;
    private readonly float[] _directions; // m × (d + 1), row-major
    private readonly float[] _offsets;
    private readonly int[] _probeOrder; // masks sorted by (popcount, value)
    private float[] _embeddings = [];
    private float[] _lift = [];
    private float[] _projection = [];
    private uint[] _keys = [];
    private readonly int[] _digitCounts = new int[1 << 11];
    private int[] _codes = [];
    private int[] _order = [];
    private readonly int[] _bucketStart;
    private readonly int[] _bucketFill;
    private float[] _probedScores = [];
    private int[] _probedIndices = [];
    private int _count;
    private float _radius;

    /// <summary>Creates an index for latent dimension <paramref name="latent"/> with <paramref name="bits"/> projections.</summary>
    public SrpIndex(int latent, int bits, int probeBudget, bool medianOffsets, ulong seed)
    {
        if (bits is < 1 or > 16) throw new ArgumentOutOfRangeException(nameof(bits));
        _latent = latent;
        _bits = bits;
        _budgetSetting = probeBudget;
        _medianOffsets = medianOffsets;
        var directions = new double[bits * (latent + 1)];
        OrthogonalGaussian.Fill(seed, StreamKey.Derive(StreamPurpose.Index, 1, latent, bits), bits, latent + 1, directions);
        _directions = directions.Select(v => (float)v).ToArray();
        _offsets = new float[bits];
        _bucketStart = new int[(1 << bits) + 1];
        _bucketFill = new int[1 << bits];
        _probeOrder = Enumerable.Range(0, 1 << bits)
            .OrderBy(mask => System.Numerics.BitOperations.PopCount((uint)mask)).ThenBy(mask => mask).ToArray();
    }

    /// <summary>Candidates scored by the last query (for measuring the work saved).</summary>
    public int LastScored { get; private set; }

    /// <summary>The effective budget for the current A*.</summary>
    public int Budget => _budgetSetting > 0 ? _budgetSetting : Math.Max(1, 2 * _count >> _bits);

    /// <summary>The m-bit code of candidate <paramref name="index"/>.</summary>
    public int CodeOf(int index) => _codes[index];

    /// <inheritdoc />
    public void Build(float[] embeddings, int count, int dimension)
    {
        if (dimension != _latent) throw new ArgumentException($"index built for d = {_latent}, got {dimension}");
        _embeddings = embeddings;
        _count = count;
        if (_lift.Length < count)
        {
            _lift = new float[count];
            _projection = new float[count];
            _keys = new uint[count];
            _codes = new int[count];
            _order = new int[count];
            _probedScores = new float[count];
            _probedIndices = new int[count];
        }
        // Squared norms, the radius C and the lifting coordinate √(C² − ‖e‖²).
        var lift = _lift.AsSpan(0, count);
        var e = embeddings.AsSpan();
        lift.Clear();
        for (int j = 0; j < dimension; j++)
        {
            var row = e.Slice(j * count, count);
            Kernels.AddProduct(row, row, lift);
        }
        float maxNorm2 = 0;
        foreach (var v in lift) maxNorm2 = Math.Max(maxNorm2, v);
        _radius = MathF.Sqrt(maxNorm2);
        LiftingCoordinates(maxNorm2, lift);

        // A* is fresh at every step with per-step sampling, so nothing below branches on its values: such a branch is
        // mispredicted about half the time, and a quickselect's median cost more than the rest of the build.
        var codes = _codes.AsSpan(0, count);
        codes.Clear();
        var projection = _projection.AsSpan(0, count);
        for (int i = 0; i < _bits; i++)
        {
            var w = _directions.AsSpan(i * (dimension + 1), dimension + 1);
            Kernels.Scale(e.Slice(0, count), w[0], projection);
            for (int j = 1; j < dimension; j++) Kernels.AddScaled(e.Slice(j * count, count), w[j], projection);
            Kernels.AddScaled(lift, w[dimension], projection);
            _offsets[i] = _medianOffsets ? Median(projection) : 0f;
            SetBit(projection, _offsets[i], i, codes);
        }
        // Counting sort by code; candidates keep increasing index order inside a bucket.
        Array.Clear(_bucketStart);
        foreach (var c in codes) _bucketStart[c + 1]++;
        for (int b = 1; b < _bucketStart.Length; b++) _bucketStart[b] += _bucketStart[b - 1];
        _bucketStart.AsSpan(0, _bucketFill.Length).CopyTo(_bucketFill); // no allocation: builds run every step with per-step A*
        for (int n = 0; n < count; n++) _order[_bucketFill[codes[n]]++] = n;
    }

    /// <summary>
    /// The value of rank ⌊n/2⌋ (0-based) in increasing order, by radix selection: each float is mapped to an unsigned
    /// key in the same order, and three counting passes over 11, 11 and 10 bits of the keys narrow down the key of that
    /// rank. −0 ranks just below +0 (they compare equal, so the codes do not change); NaN θ gives NaN embeddings,
    /// which rank above +∞.
    /// </summary>
    private float Median(ReadOnlySpan<float> values)
    {
        var keys = _keys.AsSpan(0, values.Length);
        for (int n = 0; n < values.Length; n++)
        {
            uint bits = BitConverter.SingleToUInt32Bits(values[n]);
            keys[n] = bits ^ (uint)(((int)bits >> 31) | int.MinValue); // negative: all bits flipped; positive: the sign bit set
        }
        int rank = values.Length / 2;
        uint prefix = 0, prefixMask = 0;
        foreach (var (shift, width) in RadixDigits)
        {
            uint digitMask = (1u << width) - 1;
            var counts = _digitCounts.AsSpan(0, 1 << width);
            counts.Clear();
            foreach (uint key in keys) counts[(int)((key >> shift) & digitMask)] += (key & prefixMask) == prefix ? 1 : 0;
            int digit = 0;
            while (rank >= counts[digit]) rank -= counts[digit++];
            prefix |= (uint)digit << shift;
            prefixMask |= digitMask << shift;
        }
        uint found = prefix ^ ((prefix & 0x80000000u) != 0 ? 0x80000000u : uint.MaxValue);
        return BitConverter.UInt32BitsToSingle(found);
    }

    private static readonly (int Shift, int Width)[] RadixDigits = [(21, 11), (10, 11), (0, 10)];

    // √(C² − ‖e‖²) in place. C² is the largest ‖e‖², so no difference is below 0 (NaN stays NaN).
    private static void LiftingCoordinates(float maxNorm2, Span<float> lift)
    {
        ref float p = ref MemoryMarshal.GetReference(lift);
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; n <= lift.Length - Vector256<float>.Count; n += Vector256<float>.Count)
                Vector256.Sqrt(Vector256.Create(maxNorm2) - Vector256.LoadUnsafe(ref p, (nuint)n)).StoreUnsafe(ref p, (nuint)n);
        for (; n < lift.Length; n++) lift[n] = MathF.Sqrt(maxNorm2 - lift[n]);
    }

    // Bit i of every code: set where the projection lies above the offset (a compare, not a branch).
    private static void SetBit(ReadOnlySpan<float> projection, float offset, int i, Span<int> codes)
    {
        ref float p = ref MemoryMarshal.GetReference(projection);
        ref int c = ref MemoryMarshal.GetReference(codes);
        int n = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var threshold = Vector256.Create(offset);
            var bit = Vector256.Create(1 << i);
            for (; n <= projection.Length - Vector256<float>.Count; n += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref c, (nuint)n) | (Vector256.GreaterThan(Vector256.LoadUnsafe(ref p, (nuint)n), threshold).AsInt32() & bit))
                    .StoreUnsafe(ref c, (nuint)n);
        }
        for (; n < projection.Length; n++) codes[n] |= (projection[n] > offset ? 1 : 0) << i;
    }

    private int QueryCode(ReadOnlySpan<float> query)
    {
        float norm2 = 0;
        foreach (var q in query) norm2 += q * q;
        float scale = norm2 > 0 ? _radius / MathF.Sqrt(norm2) : 0f;
        int code = 0;
        for (int i = 0; i < _bits; i++)
        {
            var w = _directions.AsSpan(i * (_latent + 1), _latent);
            float p = 0;
            for (int j = 0; j < _latent; j++) p += w[j] * query[j];
            if (p * scale > _offsets[i]) code |= 1 << i;
        }
        return code;
    }

    private float Score(ReadOnlySpan<float> query, int n)
    {
        // Same operations in the same order as the brute-force index, so a full probe agrees bit for bit.
        float s = _embeddings[n] * query[0];
        for (int j = 1; j < _latent; j++) s = MathF.FusedMultiplyAdd(_embeddings[j * _count + n], query[j], s);
        return s;
    }

    /// <summary>Scores buckets in Hamming order until the budget is spent; returns how many were scored.</summary>
    private int Probe(ReadOnlySpan<float> query)
    {
        int code = QueryCode(query), budget = Budget, scored = 0;
        foreach (int mask in _probeOrder)
        {
            int bucket = code ^ mask;
            for (int k = _bucketStart[bucket]; k < _bucketStart[bucket + 1]; k++)
            {
                int n = _order[k];
                _probedIndices[scored] = n;
                _probedScores[scored++] = Score(query, n);
            }
            if (scored >= budget) break;
        }
        LastScored = scored;
        return scored;
    }

    /// <inheritdoc />
    public int ArgMax(ReadOnlySpan<float> query)
    {
        int scored = Probe(query);
        int best = -1;
        float bestScore = float.NegativeInfinity;
        for (int k = 0; k < scored; k++)
        {
            float s = _probedScores[k];
            int n = _probedIndices[k];
            if (best < 0 || s > bestScore || (s == bestScore && n < best))
            {
                if (float.IsNaN(s) && best >= 0) continue;
                best = n;
                bestScore = s;
            }
        }
        return Math.Max(best, 0);
    }

    /// <inheritdoc />
    public int Sample(ReadOnlySpan<float> query, CounterRng random)
    {
        int scored = Probe(query);
        return _probedIndices[Softmax.Sample(_probedScores.AsSpan(0, scored), random)];
    }
}
