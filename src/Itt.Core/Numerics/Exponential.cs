using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Itt.Core.Numerics;

/// <summary>
/// eˣ over a span, vectorised, with one result per input whatever the vector width: every <see cref="Vector256{T}"/>
/// lane and the scalar <see cref="Exp(double)"/> run the same exactly rounded operations. x = k·ln 2 + r with
/// |r| ≤ ln 2 / 2 (Cody–Waite, the high part of ln 2 exact in a fused multiply-add), eʳ by its Taylor polynomial of
/// degree 13 in Horner form (truncation below 10⁻¹⁷), and 2ᵏ written into the exponent bits. Within 2 ulp of
/// <see cref="Math.Exp"/> for |x| ≤ 708.39; above that it returns +∞ and below −708.39 it returns 0, where
/// <see cref="Math.Exp"/> still has finite or subnormal values. NaN gives NaN.
/// </summary>
public static class Exponential
{
    /// <summary>Largest |x| computed; e^708.39 is within a factor 1.4 of the largest double.</summary>
    public const double Limit = 708.39;

    private const double Log2E = 1.4426950408889634;
    private const double Ln2High = 6.93147180369123816490e-01; // 0x3FE62E42FEE00000: its low 21 bits are zero
    private const double Ln2Low = 1.90821492927058770002e-10;  // ln 2 − Ln2High
    private const double Shifter = 6755399441055744.0;         // 1.5·2⁵²: x·log₂e + Shifter rounds to an integer kept in the low bits
    private const long ExponentBias = 1023;

    // 1/n! for n = 2 … 13 (Horner from the highest; the terms r and 1 are added last).
    private const double C2 = 0.5, C3 = 1.0 / 6, C4 = 1.0 / 24, C5 = 1.0 / 120, C6 = 1.0 / 720, C7 = 1.0 / 5040, C8 = 1.0 / 40320,
        C9 = 1.0 / 362880, C10 = 1.0 / 3628800, C11 = 1.0 / 39916800, C12 = 1.0 / 479001600, C13 = 1.0 / 6227020800;

    /// <summary>eˣ, with exactly the rounding of one lane of <see cref="Exp(ReadOnlySpan{double}, Span{double})"/>.</summary>
    public static double Exp(double x)
    {
        double t = Math.FusedMultiplyAdd(x, Log2E, Shifter);
        double k = t - Shifter;
        double r = Math.FusedMultiplyAdd(k, -Ln2High, x);
        r = Math.FusedMultiplyAdd(k, -Ln2Low, r);
        double p = Math.FusedMultiplyAdd(C13, r, C12);
        p = Math.FusedMultiplyAdd(p, r, C11);
        p = Math.FusedMultiplyAdd(p, r, C10);
        p = Math.FusedMultiplyAdd(p, r, C9);
        p = Math.FusedMultiplyAdd(p, r, C8);
        p = Math.FusedMultiplyAdd(p, r, C7);
        p = Math.FusedMultiplyAdd(p, r, C6);
        p = Math.FusedMultiplyAdd(p, r, C5);
        p = Math.FusedMultiplyAdd(p, r, C4);
        p = Math.FusedMultiplyAdd(p, r, C3);
        p = Math.FusedMultiplyAdd(p, r, C2);
        p = Math.FusedMultiplyAdd(p, r, 1.0);
        p = Math.FusedMultiplyAdd(p, r, 1.0);
        long exponent = BitConverter.DoubleToInt64Bits(t) - BitConverter.DoubleToInt64Bits(Shifter) + ExponentBias;
        double y = p * BitConverter.Int64BitsToDouble(exponent << 52);
        if (x > Limit) y = double.PositiveInfinity;
        if (x < -Limit) y = 0;
        return y;
    }

    /// <summary>y[i] = eˣ⁽ⁱ⁾; <paramref name="x"/> and <paramref name="y"/> may be the same span.</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("destination shorter than source", nameof(y));
        int i = 0, width = Vector256<double>.Count;
        ref double px = ref MemoryMarshal.GetReference(x), py = ref MemoryMarshal.GetReference(y);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= x.Length - width; i += width) Exp(Vector256.LoadUnsafe(ref px, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < x.Length; i++) y[i] = Exp(x[i]);
    }

    /// <summary>eˣ lane by lane, each lane rounded exactly as <see cref="Exp(double)"/> (for callers that fuse it into a loop of their own).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Exp(Vector256<double> x)
    {
        var t = Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(Shifter));
        var k = t - Vector256.Create(Shifter);
        var r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(k, Vector256.Create(-Ln2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(C13), r, Vector256.Create(C12));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C11));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C10));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C9));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C8));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C7));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C6));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(C2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(1.0));
        var scale = Vector256.ShiftLeft(t.AsInt64() - Vector256.Create(BitConverter.DoubleToInt64Bits(Shifter) - ExponentBias), 52).AsDouble();
        var result = p * scale;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(Limit)), Vector256.Create(double.PositiveInfinity), result);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(-Limit)), Vector256<double>.Zero, result);
    }
}
