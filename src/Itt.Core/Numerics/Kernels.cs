using System.Runtime.Intrinsics;

namespace Itt.Core.Numerics;

/// <summary>
/// Small dense kernels with a fixed summation order. Reductions run strictly left to right; batched kernels
/// vectorise across the batch (each lane is an independent sample), so their results do not depend on the
/// vector width of the machine: a <see cref="Vector256{T}"/> lane and the scalar tail perform the same
/// multiply-then-add sequence (no fused multiply-add) and round identically.
/// </summary>
public static class Kernels
{
    /// <summary>Left-to-right dot product.</summary>
    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        float sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
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
    /// <paramref name="batch"/> values, <paramref name="y"/> gets <paramref name="outputs"/> rows.
    /// For each output row the inputs are accumulated in index order.
    /// </summary>
    public static void MatMulBatch(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y,
        int outputs, int inputs, int batch)
    {
        for (int o = 0; o < outputs; o++)
        {
            var yRow = y.Slice(o * batch, batch);
            var wRow = w.Slice(o * inputs, inputs);
            Scale(x.Slice(0, batch), wRow[0], yRow);
            for (int k = 1; k < inputs; k++) AddScaled(x.Slice(k * batch, batch), wRow[k], yRow);
        }
    }

    /// <summary>y = s·x, elementwise.</summary>
    public static void Scale(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - 8; i += 8) (Vector256.Create(x.Slice(i, 8)) * vs).CopyTo(y.Slice(i, 8));
        }
        for (; i < x.Length; i++) y[i] = s * x[i];
    }

    /// <summary>y += s·x, elementwise (multiply, then add: never fused).</summary>
    public static void AddScaled(ReadOnlySpan<float> x, float s, Span<float> y)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - 8; i += 8)
                (Vector256.Create(y.Slice(i, 8)) + Vector256.Create(x.Slice(i, 8)) * vs).CopyTo(y.Slice(i, 8));
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
