using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Itt.Core.Numerics;

/// <summary>
/// eˣ over a span, vectorised, with one result per input whatever the vector width: written once over
/// <see cref="ILanes{TVector}"/>, every 512- and 256-bit lane and the scalar <see cref="Exp(double)"/> run the same
/// exactly rounded operations. x = k·ln 2 + r with
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
    public static double Exp(double x) => Exp<ScalarLanes, double>(x);

    /// <summary>y[i] = eˣ⁽ⁱ⁾; <paramref name="x"/> and <paramref name="y"/> may be the same span.</summary>
    public static void Exp(ReadOnlySpan<double> x, Span<double> y) => ScaledExp(x, 1.0, y);

    /// <summary>
    /// y[i] = s·eˣ⁽ⁱ⁾, rounded as <see cref="Exp(double)"/> followed by the product (one pass instead of two);
    /// <paramref name="x"/> and <paramref name="y"/> may be the same span.
    /// </summary>
    public static void ScaledExp(ReadOnlySpan<double> x, double s, Span<double> y)
    {
        if (y.Length < x.Length) throw new ArgumentException("destination shorter than source", nameof(y));
        ref double px = ref MemoryMarshal.GetReference(x), py = ref MemoryMarshal.GetReference(y);
        int i = 0;
        if (Lanes512.IsAccelerated) i = ScaledExp<Lanes512, Vector512<double>>(ref px, s, ref py, i, x.Length);
        if (Lanes256.IsAccelerated) i = ScaledExp<Lanes256, Vector256<double>>(ref px, s, ref py, i, x.Length);
        ScaledExp<ScalarLanes, double>(ref px, s, ref py, i, x.Length);
    }

    // Whole vectors of TLanes from index i on; returns the index of the first element left over.
    private static int ScaledExp<TLanes, TVector>(ref double x, double s, ref double y, int i, int length)
        where TLanes : ILanes<TVector> where TVector : struct
    {
        var scale = TLanes.Create(s);
        for (; i <= length - TLanes.Width; i += TLanes.Width)
            TLanes.Store(TLanes.Multiply(Exp<TLanes, TVector>(TLanes.Load(ref x, (nuint)i)), scale), ref y, (nuint)i);
        return i;
    }

    /// <summary>eˣ lane by lane, at any width, each lane rounded exactly as <see cref="Exp(double)"/> (for callers that fuse it into a loop of their own).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVector Exp<TLanes, TVector>(TVector x) where TLanes : ILanes<TVector> where TVector : struct
    {
        var t = TLanes.FusedMultiplyAdd(x, TLanes.Create(Log2E), TLanes.Create(Shifter));
        var k = TLanes.Subtract(t, TLanes.Create(Shifter));
        var r = TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2High), x);
        r = TLanes.FusedMultiplyAdd(k, TLanes.Create(-Ln2Low), r);
        var p = TLanes.FusedMultiplyAdd(TLanes.Create(C13), r, TLanes.Create(C12));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C11));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C10));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C9));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C8));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C7));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C6));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C5));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C4));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C3));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(C2));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(1.0));
        p = TLanes.FusedMultiplyAdd(p, r, TLanes.Create(1.0));
        var result = TLanes.Multiply(p, TLanes.ShiftBitsLeft(t, BitConverter.DoubleToInt64Bits(Shifter) - ExponentBias, 52));
        result = TLanes.ReplaceAbove(x, Limit, double.PositiveInfinity, result);
        return TLanes.ReplaceBelow(x, -Limit, 0, result);
    }
}
