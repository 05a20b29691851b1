using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Itt.Core.Numerics;

/// <summary>
/// Lane-wise double operations at one vector width. An algorithm written once over <typeparamref name="TVector"/>
/// runs at 512, 256 and 1 lanes (<see cref="Lanes512"/>, <see cref="Lanes256"/>, <see cref="ScalarLanes"/>) with the
/// same exactly rounded operations in every lane, so its results do not depend on which width a machine offers.
/// The members are static: a generic method over a lanes struct is compiled once per width, with no calls left.
/// </summary>
/// <typeparam name="TVector">The register type: <see cref="Vector512{T}"/>, <see cref="Vector256{T}"/> or <see cref="double"/>.</typeparam>
public interface ILanes<TVector> where TVector : struct
{
    /// <summary>Number of doubles in one <typeparamref name="TVector"/>.</summary>
    static abstract int Width { get; }

    /// <summary>Whether this width runs in hardware here (the scalar width always does).</summary>
    static abstract bool IsAccelerated { get; }

    /// <summary>Every lane set to <paramref name="value"/>.</summary>
    static abstract TVector Create(double value);

    /// <summary>The <see cref="Width"/> doubles from <paramref name="source"/> + <paramref name="index"/> on.</summary>
    static abstract TVector Load(ref double source, nuint index);

    /// <summary>Writes <paramref name="value"/> to <paramref name="destination"/> + <paramref name="index"/> on.</summary>
    static abstract void Store(TVector value, ref double destination, nuint index);

    /// <summary>a + b.</summary>
    static abstract TVector Add(TVector a, TVector b);

    /// <summary>a − b.</summary>
    static abstract TVector Subtract(TVector a, TVector b);

    /// <summary>a·b.</summary>
    static abstract TVector Multiply(TVector a, TVector b);

    /// <summary>a·b + c with one rounding.</summary>
    static abstract TVector FusedMultiplyAdd(TVector a, TVector b, TVector c);

    /// <summary>The bits of <paramref name="x"/> read as a 64-bit integer, minus <paramref name="offset"/>, shifted left by <paramref name="shift"/>, read back as a double.</summary>
    static abstract TVector ShiftBitsLeft(TVector x, long offset, int shift);

    /// <summary>Lanes of <paramref name="otherwise"/>, with <paramref name="value"/> where <paramref name="x"/> &gt; <paramref name="limit"/>.</summary>
    static abstract TVector ReplaceAbove(TVector x, double limit, double value, TVector otherwise);

    /// <summary>Lanes of <paramref name="otherwise"/>, with <paramref name="value"/> where <paramref name="x"/> &lt; <paramref name="limit"/>.</summary>
    static abstract TVector ReplaceBelow(TVector x, double limit, double value, TVector otherwise);
}

/// <summary>One double at a time: the reference width and the tail of every vector loop.</summary>
public readonly struct ScalarLanes : ILanes<double>
{
    /// <inheritdoc />
    public static int Width => 1;
    /// <inheritdoc />
    public static bool IsAccelerated => true;
    /// <inheritdoc />
    public static double Create(double value) => value;
    /// <inheritdoc />
    public static double Load(ref double source, nuint index) => Unsafe.Add(ref source, index);
    /// <inheritdoc />
    public static void Store(double value, ref double destination, nuint index) => Unsafe.Add(ref destination, index) = value;
    /// <inheritdoc />
    public static double Add(double a, double b) => a + b;
    /// <inheritdoc />
    public static double Subtract(double a, double b) => a - b;
    /// <inheritdoc />
    public static double Multiply(double a, double b) => a * b;
    /// <inheritdoc />
    public static double FusedMultiplyAdd(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc />
    public static double ShiftBitsLeft(double x, long offset, int shift) => BitConverter.Int64BitsToDouble((BitConverter.DoubleToInt64Bits(x) - offset) << shift);
    /// <inheritdoc />
    public static double ReplaceAbove(double x, double limit, double value, double otherwise) => x > limit ? value : otherwise;
    /// <inheritdoc />
    public static double ReplaceBelow(double x, double limit, double value, double otherwise) => x < limit ? value : otherwise;
}

/// <summary>Four doubles at a time (AVX2).</summary>
public readonly struct Lanes256 : ILanes<Vector256<double>>
{
    /// <inheritdoc />
    public static int Width => Vector256<double>.Count;
    /// <inheritdoc />
    public static bool IsAccelerated => Vector256.IsHardwareAccelerated;
    /// <inheritdoc />
    public static Vector256<double> Create(double value) => Vector256.Create(value);
    /// <inheritdoc />
    public static Vector256<double> Load(ref double source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    /// <inheritdoc />
    public static void Store(Vector256<double> value, ref double destination, nuint index) => value.StoreUnsafe(ref destination, index);
    /// <inheritdoc />
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;
    /// <inheritdoc />
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;
    /// <inheritdoc />
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;
    /// <inheritdoc />
    public static Vector256<double> FusedMultiplyAdd(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc />
    public static Vector256<double> ShiftBitsLeft(Vector256<double> x, long offset, int shift) => Vector256.ShiftLeft(x.AsInt64() - Vector256.Create(offset), shift).AsDouble();
    /// <inheritdoc />
    public static Vector256<double> ReplaceAbove(Vector256<double> x, double limit, double value, Vector256<double> otherwise)
        => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(limit)), Vector256.Create(value), otherwise);
    /// <inheritdoc />
    public static Vector256<double> ReplaceBelow(Vector256<double> x, double limit, double value, Vector256<double> otherwise)
        => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(limit)), Vector256.Create(value), otherwise);
}

/// <summary>Eight doubles at a time (AVX-512).</summary>
public readonly struct Lanes512 : ILanes<Vector512<double>>
{
    /// <inheritdoc />
    public static int Width => Vector512<double>.Count;
    /// <inheritdoc />
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated;
    /// <inheritdoc />
    public static Vector512<double> Create(double value) => Vector512.Create(value);
    /// <inheritdoc />
    public static Vector512<double> Load(ref double source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    /// <inheritdoc />
    public static void Store(Vector512<double> value, ref double destination, nuint index) => value.StoreUnsafe(ref destination, index);
    /// <inheritdoc />
    public static Vector512<double> Add(Vector512<double> a, Vector512<double> b) => a + b;
    /// <inheritdoc />
    public static Vector512<double> Subtract(Vector512<double> a, Vector512<double> b) => a - b;
    /// <inheritdoc />
    public static Vector512<double> Multiply(Vector512<double> a, Vector512<double> b) => a * b;
    /// <inheritdoc />
    public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);
    /// <inheritdoc />
    public static Vector512<double> ShiftBitsLeft(Vector512<double> x, long offset, int shift) => Vector512.ShiftLeft(x.AsInt64() - Vector512.Create(offset), shift).AsDouble();
    /// <inheritdoc />
    public static Vector512<double> ReplaceAbove(Vector512<double> x, double limit, double value, Vector512<double> otherwise)
        => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(limit)), Vector512.Create(value), otherwise);
    /// <inheritdoc />
    public static Vector512<double> ReplaceBelow(Vector512<double> x, double limit, double value, Vector512<double> otherwise)
        => Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(limit)), Vector512.Create(value), otherwise);
}
