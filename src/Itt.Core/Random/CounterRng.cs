using System.Runtime.CompilerServices;

namespace Itt.Core.Random;

/// <summary>
/// A random stream keyed by (seed, stream) that walks a 64-bit block counter through <see cref="Philox"/>.
/// Unlike <see cref="System.Random"/> its output is fixed by this code alone, on every platform and .NET version.
/// Not thread-safe: give each thread its own stream.
/// </summary>
public sealed class CounterRng
{
    private readonly ulong _seed;
    private readonly ulong _stream;
    private ulong _block;
    private uint _r0, _r1, _r2, _r3;
    private int _available;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>Creates the stream (<paramref name="seed"/>, <paramref name="stream"/>) at counter 0.</summary>
    public CounterRng(ulong seed, ulong stream)
    {
        _seed = seed;
        _stream = stream;
    }

    /// <summary>Creates the stream for a seed and a derived purpose tuple.</summary>
    public CounterRng(ulong seed, StreamPurpose purpose, long a = 0, long b = 0, long c = 0)
        : this(seed, StreamKey.Derive(purpose, a, b, c)) { }

    /// <summary>The seed (Philox key) of this stream.</summary>
    public ulong Seed => _seed;

    /// <summary>The stream id (upper half of the Philox counter).</summary>
    public ulong Stream => _stream;

    /// <summary>Next 32 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint NextUInt32()
    {
        if (_available == 0) Refill();
        _available--;
        return _available switch { 3 => _r0, 2 => _r1, 1 => _r2, _ => _r3 };
    }

    private void Refill()
    {
        Philox.Block(_seed, (uint)_block, (uint)(_block >> 32), (uint)_stream, (uint)(_stream >> 32),
            out _r0, out _r1, out _r2, out _r3);
        _block++;
        _available = 4;
    }

    /// <summary>Next 64 random bits.</summary>
    public ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    /// <summary>Uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform float in [0, 1) with 24 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float NextSingle() => (NextUInt32() >> 8) * (1.0f / (1 << 24));

    /// <summary>Uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Uniform integer in [0, <paramref name="n"/>) by rejection, so it carries no modulo bias.</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        uint bound = (uint)n;
        uint limit = uint.MaxValue - uint.MaxValue % bound;
        uint x;
        do { x = NextUInt32(); } while (x >= limit);
        return (int)(x % bound);
    }

    /// <summary>Standard normal draw (Box–Muller; the second value of each pair is kept for the next call).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spareGaussian;
        }
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = NextDouble();
        double r = Math.Sqrt(-2.0 * Math.Log(u1));
        double angle = 2.0 * Math.PI * u2;
        _spareGaussian = r * Math.Sin(angle);
        _hasSpare = true;
        return r * Math.Cos(angle);
    }

    /// <summary>Fills <paramref name="destination"/> with standard normal draws.</summary>
    public void FillGaussian(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++) destination[i] = NextGaussian();
    }

    /// <summary>Fills <paramref name="destination"/> with uniform floats in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public void FillUniform(Span<float> destination, float low, float high)
    {
        float width = high - low;
        for (int i = 0; i < destination.Length; i++) destination[i] = low + width * NextSingle();
    }
}
