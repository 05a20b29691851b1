using System.Runtime.Intrinsics;

namespace Itt.Core.Random;

/// <summary>
/// Bulk uniform floats for hot loops (drawing N candidate actions at every step): element i of a fill keyed by
/// a 64-bit key is a two-round integer hash ("lowbias32", C. Wellons) of (key, i), so elements are independent of
/// each other and of the vector width, and a fill costs well under a nanosecond per value. The key itself comes
/// from a <see cref="CounterRng"/>, so every fill is still a function of (seed, stream, counter).
/// </summary>
public static class HashUniform
{
    private const uint Golden = 0x9E3779B9, M1 = 0x7FEB352D, M2 = 0x846CA68B;

    /// <summary>Fills <paramref name="destination"/> with uniform floats in [<paramref name="low"/>, <paramref name="high"/>].</summary>
    public static void Fill(ulong key, Span<float> destination, float low, float high)
    {
        uint keyLow = (uint)key, keyHigh = (uint)(key >> 32);
        float width = high - low;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lanes = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
            var vLow = Vector256.Create(low);
            var vWidth = Vector256.Create(width);
            var scale = Vector256.Create(1.0f / (1 << 24));
            for (; i <= destination.Length - 8; i += 8)
            {
                var x = (lanes + Vector256.Create((uint)i)) * Vector256.Create(Golden) + Vector256.Create(keyLow);
                x = Mix(Mix(x) ^ Vector256.Create(keyHigh));
                var unit = Vector256.ConvertToSingle(Vector256.ShiftRightLogical(x, 8).AsInt32()) * scale;
                (vLow + vWidth * unit).CopyTo(destination.Slice(i, 8));
            }
        }
        for (; i < destination.Length; i++) destination[i] = low + width * Unit(keyLow, keyHigh, (uint)i);
    }

    /// <summary>The scalar definition of element <paramref name="index"/> of a fill (the reference for the vector path).</summary>
    public static float Value(ulong key, int index, float low, float high)
        => low + (high - low) * Unit((uint)key, (uint)(key >> 32), (uint)index);

    private static float Unit(uint keyLow, uint keyHigh, uint index)
    {
        uint x = Mix(Mix(index * Golden + keyLow) ^ keyHigh);
        return (int)(x >> 8) * (1.0f / (1 << 24));
    }

    private static uint Mix(uint x)
    {
        x ^= x >> 16;
        x *= M1;
        x ^= x >> 15;
        x *= M2;
        x ^= x >> 16;
        return x;
    }

    private static Vector256<uint> Mix(Vector256<uint> x)
    {
        x ^= Vector256.ShiftRightLogical(x, 16);
        x *= Vector256.Create(M1);
        x ^= Vector256.ShiftRightLogical(x, 15);
        x *= Vector256.Create(M2);
        x ^= Vector256.ShiftRightLogical(x, 16);
        return x;
    }
}
