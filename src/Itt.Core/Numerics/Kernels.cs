using System.Numerics;
using System.Runtime.Intrinsics;

// Hot loops index raw pointers: span slicing per 8-lane chunk cost more than the arithmetic.

namespace Itt.Core.Numerics;

/// <summary>
/// Small dense kernels with a fixed summation order. Reductions run strictly left to right; batched kernels
/// vectorise across the batch (each lane is an independent sample), so their results do not depend on the
/// vector width of the machine: a <see cref="Vector256{T}"/> lane and the scalar tail perform the same
/// sequence of exactly rounded operations (a product, then fused multiply-adds), so they agree bit for bit.
/// </summary>
public static class Kernels
{
    /// <summary>Left-to-right dot product with the batched kernel's rounding: a₀b₀, then fused multiply-adds.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length == 0) return 0;
        float sum = a[0] * b[0];
        for (int i = 1; i < a.Length; i++) sum = MathF.FusedMultiplyAdd(a[i], b[i], sum);
        return sum;
    }

    /// <summary>y = W x for a row-major <paramref name="rows"/> × x.Length matrix <paramref name="w"/>.</summary>
    public static void MatVec(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y, int rows)
    {
        int cols = x.Length;
        for (int r = 0; r < rows; r++) y[r] = Dot(w.Slice(r * cols, cols), x);
    }

    /// <summary>Replaces every negative entry by zero.</summary>
    public static void Relu(Span<float> x)
    {
        for (int i = 0; i < x.Length; i++) if (x[i] < 0) x[i] = 0;
    }

    /// <summary>
    /// Batched y = W x over a structure-of-arrays batch: <paramref name="x"/> holds <c>inputs</c> rows of
    /// <paramref name="batch"/> values, <paramref name="y"/> gets <paramref name="outputs"/> rows. For each output the
    /// inputs are accumulated in index order, y = w₀x₀ then y = fma(w_k, x_k, y), lane by lane: eight samples at a
    /// time, and the same scalar sequence for the tail (a fused multiply-add is exactly rounded, so both agree).
    /// <paramref name="relu"/> zeroes negative outputs.
    /// </summary>
    public static unsafe void MatMulBatch(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y,
        int outputs, int inputs, int batch, bool relu = false)
    {
        if (w.Length < outputs * inputs || x.Length < inputs * batch || y.Length < outputs * batch)
            throw new ArgumentException("Spans too small for the given shape.");
        fixed (float* pw = w, px = x, py = y)
        {
            int vectorEnd = Vector256.IsHardwareAccelerated ? batch - batch % 8 : 0;
            for (int o = 0; o < outputs; o++)
            {
                float* row = pw + o * inputs;
                float* target = py + o * batch;
                if (inputs <= 8) RowSmall(row, px, target, inputs, batch, vectorEnd, relu);
                else RowGeneral(row, px, target, inputs, batch, vectorEnd, relu);
                for (int b = vectorEnd; b < batch; b++)
                {
                    float acc = px[b] * row[0];
                    for (int k = 1; k < inputs; k++) acc = MathF.FusedMultiplyAdd(px[k * batch + b], row[k], acc);
                    target[b] = relu && acc < 0 ? 0 : acc;
                }
            }
        }
    }

    // Up to eight weights stay in registers for the whole row.
    private static unsafe void RowSmall(float* row, float* x, float* target, int inputs, int batch, int vectorEnd, bool relu)
    {
        var zero = Vector256<float>.Zero;
        var w0 = Vector256.Create(row[0]);
        var w1 = inputs > 1 ? Vector256.Create(row[1]) : zero;
        var w2 = inputs > 2 ? Vector256.Create(row[2]) : zero;
        var w3 = inputs > 3 ? Vector256.Create(row[3]) : zero;
        var w4 = inputs > 4 ? Vector256.Create(row[4]) : zero;
        var w5 = inputs > 5 ? Vector256.Create(row[5]) : zero;
        var w6 = inputs > 6 ? Vector256.Create(row[6]) : zero;
        var w7 = inputs > 7 ? Vector256.Create(row[7]) : zero;
        for (int b = 0; b < vectorEnd; b += 8)
        {
            float* p = x + b;
            var acc = Vector256.Load(p) * w0;
            if (inputs > 1) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + batch), w1, acc);
            if (inputs > 2) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 2 * batch), w2, acc);
            if (inputs > 3) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 3 * batch), w3, acc);
            if (inputs > 4) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 4 * batch), w4, acc);
            if (inputs > 5) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 5 * batch), w5, acc);
            if (inputs > 6) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 6 * batch), w6, acc);
            if (inputs > 7) acc = Vector256.FusedMultiplyAdd(Vector256.Load(p + 7 * batch), w7, acc);
            if (relu) acc = Vector256.ConditionalSelect(Vector256.LessThan(acc, zero), zero, acc);
            acc.Store(target + b);
        }
    }

    private static unsafe void RowGeneral(float* row, float* x, float* target, int inputs, int batch, int vectorEnd, bool relu)
    {
        var zero = Vector256<float>.Zero;
        for (int b = 0; b < vectorEnd; b += 8)
        {
            var acc = Vector256.Load(x + b) * Vector256.Create(row[0]);
            for (int k = 1; k < inputs; k++) acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + k * batch + b), Vector256.Create(row[k]), acc);
            if (relu) acc = Vector256.ConditionalSelect(Vector256.LessThan(acc, zero), zero, acc);
            acc.Store(target + b);
        }
    }

    /// <summary>y = s·x, elementwise (<see cref="float"/> or <see cref="double"/>).</summary>
    public static void Scale<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - width; i += width) (Vector256.Create<T>(x.Slice(i, width)) * vs).CopyTo(y.Slice(i, width));
        }
        for (; i < x.Length; i++) y[i] = s * x[i];
    }

    /// <summary>y = a + b, elementwise (<see cref="float"/> or <see cref="double"/>).</summary>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= a.Length - width; i += width)
                (Vector256.Create<T>(a.Slice(i, width)) + Vector256.Create<T>(b.Slice(i, width))).CopyTo(y.Slice(i, width));
        for (; i < a.Length; i++) y[i] = a[i] + b[i];
    }

    /// <summary>y += s·x, elementwise (multiply, then add: never fused; <see cref="float"/> or <see cref="double"/>).</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - width; i += width)
                (Vector256.Create<T>(y.Slice(i, width)) + Vector256.Create<T>(x.Slice(i, width)) * vs).CopyTo(y.Slice(i, width));
        }
        for (; i < x.Length; i++) y[i] += s * x[i];
    }

    /// <summary>Index of the first largest value (ties go to the lower index; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (!Vector256.IsHardwareAccelerated || values.Length < 16) return ArgMaxScalar(values);
        // The maximum is exact whatever the order of comparison, so a vector pass finds it, and a second pass
        // finds its first occurrence: the result equals the scalar reference.
        var best = Vector256.Create(float.NegativeInfinity);
        int i = 0;
        for (; i <= values.Length - 8; i += 8)
        {
            var v = Vector256.Create(values.Slice(i, 8));
            best = Vector256.ConditionalSelect(Vector256.GreaterThan(v, best), v, best); // NaN compares false
        }
        float max = float.NegativeInfinity;
        for (int lane = 0; lane < 8; lane++) max = Math.Max(max, best.GetElement(lane));
        for (; i < values.Length; i++) if (values[i] > max) max = values[i];
        if (float.IsNegativeInfinity(max)) return ArgMaxScalar(values);
        var target = Vector256.Create(max);
        int j = 0;
        for (; j <= values.Length - 8; j += 8)
        {
            uint mask = Vector256.Equals(Vector256.Create(values.Slice(j, 8)), target).ExtractMostSignificantBits();
            if (mask != 0) return j + System.Numerics.BitOperations.TrailingZeroCount(mask);
        }
        for (; j < values.Length; j++) if (values[j] == max) return j;
        return ArgMaxScalar(values);
    }

    /// <summary>The scalar reference of <see cref="ArgMax"/>.</summary>
    public static int ArgMaxScalar(ReadOnlySpan<float> values)
    {
        int best = 0;
        float bestValue = float.NegativeInfinity;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > bestValue)
            {
                bestValue = values[i];
                best = i;
            }
        }
        return best;
    }
}
