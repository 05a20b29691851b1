using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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
    /// inputs are accumulated in index order, y = w₀x₀ then y = fma(w_k, x_k, y), lane by lane: 32 or 8 samples at a
    /// time, and the same scalar sequence for the tail (a fused multiply-add is exactly rounded, so all agree).
    /// <paramref name="relu"/> zeroes negative outputs.
    /// </summary>
    /// <param name="w">Row o of W starts at o·<paramref name="weightStride"/> (0: <paramref name="inputs"/>).</param>
    /// <param name="x">The batch, <paramref name="inputs"/> rows of <paramref name="batch"/> values.</param>
    /// <param name="y">The result, <paramref name="outputs"/> rows of <paramref name="batch"/> values.</param>
    /// <param name="outputs">Rows of W.</param>
    /// <param name="inputs">Columns of W read (and rows of <paramref name="x"/>).</param>
    /// <param name="batch">Samples.</param>
    /// <param name="relu">Zero negative outputs.</param>
    /// <param name="start">
    /// When given, output o starts from <c>start[o]</c> instead of w₀x₀ and every input is fused onto it: a sum
    /// begun elsewhere over inputs shared by every sample (IOT's state) continues here over the rest, bit for bit
    /// the sum over all inputs in index order.
    /// </param>
    /// <param name="weightStride">Distance between rows of <paramref name="w"/>, at least <paramref name="inputs"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot from the first call: tiering left it slow for single-output batches
    public static unsafe void MatMulBatch(ReadOnlySpan<float> w, ReadOnlySpan<float> x, Span<float> y,
        int outputs, int inputs, int batch, bool relu = false, ReadOnlySpan<float> start = default, int weightStride = 0)
    {
        bool started = !start.IsEmpty;
        int stride = weightStride == 0 ? inputs : weightStride;
        if (outputs < 0 || batch < 0 || inputs < (started ? 0 : 1) || stride < inputs)
            throw new ArgumentException("Invalid shape.");
        if (outputs == 0 || batch == 0) return;
        if (w.Length < (outputs - 1) * stride + inputs || x.Length < inputs * batch || y.Length < outputs * batch
            || (started && start.Length < outputs))
            throw new ArgumentException("Spans too small for the given shape.");
        fixed (float* pw = w, px = x, py = y, ps = start)
        {
            // Blocks of samples outside, outputs inside: a block of x stays in L1 while every output reads it, and
            // eight independent accumulators (two outputs × four lanes of eight) hide the latency of the fused
            // multiply-adds.
            int blocked = Vector256.IsHardwareAccelerated ? batch - batch % 32 : 0;
            int vectorEnd = Vector256.IsHardwareAccelerated ? batch - batch % 8 : 0;
            // Tiles of up to 256 samples (20 inputs of a tile fill 20 KB of L1), each handed whole to a block kernel.
            for (int b = 0; b < blocked; b += 256)
            {
                int blocks = Math.Min(256, blocked - b) / 32, o = 0;
                for (; o + 1 < outputs; o += 2)
                    Block32Pair(pw + o * stride, stride, px + b, py + o * batch + b, inputs, batch, relu, started ? ps + o : null, blocks);
                if (o < outputs)
                    Block32(pw + o * stride, px + b, py + o * batch + b, inputs, batch, relu, started ? ps + o : null, blocks);
            }
            for (int b = blocked; b < vectorEnd; b += 8)
                for (int o = 0; o < outputs; o++)
                    Block8(pw + o * stride, px + b, py + o * batch + b, inputs, batch, relu, started ? ps + o : null);
            for (int b = vectorEnd; b < batch; b++)
                for (int o = 0; o < outputs; o++)
                {
                    float* row = pw + o * stride;
                    int k = started ? 0 : 1;
                    float acc = started ? ps[o] : px[b] * row[0];
                    for (; k < inputs; k++) acc = MathF.FusedMultiplyAdd(px[k * batch + b], row[k], acc);
                    py[o * batch + b] = relu && acc < 0 ? 0 : acc;
                }
        }
    }

    // 32 samples of one output: four lanes of eight, each the scalar sequence of its samples.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block32(float* row, float* x, float* target, int inputs, int batch, bool relu, float* start, int blocks)
    {
        for (int block = 0; block < blocks; block++, x += 32, target += 32)
            Block32(row, x, target, inputs, batch, relu, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Block32(float* row, float* x, float* target, int inputs, int batch, bool relu, float* start)
    {
        Vector256<float> a0, a1, a2, a3;
        int k;
        if (start != null)
        {
            a0 = a1 = a2 = a3 = Vector256.Create(*start);
            k = 0;
        }
        else
        {
            var w0 = Vector256.Create(row[0]);
            a0 = Vector256.Load(x) * w0;
            a1 = Vector256.Load(x + 8) * w0;
            a2 = Vector256.Load(x + 16) * w0;
            a3 = Vector256.Load(x + 24) * w0;
            k = 1;
        }
        for (; k < inputs; k++)
        {
            var wk = Vector256.Create(row[k]);
            float* p = x + k * batch;
            a0 = Vector256.FusedMultiplyAdd(Vector256.Load(p), wk, a0);
            a1 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 8), wk, a1);
            a2 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 16), wk, a2);
            a3 = Vector256.FusedMultiplyAdd(Vector256.Load(p + 24), wk, a3);
        }
        if (relu)
        {
            a0 = Relu(a0);
            a1 = Relu(a1);
            a2 = Relu(a2);
            a3 = Relu(a3);
        }
        a0.Store(target);
        a1.Store(target + 8);
        a2.Store(target + 16);
        a3.Store(target + 24);
    }

    // Block32 for outputs o and o + 1 at once: each x load feeds two fused multiply-adds.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Block32Pair(float* row, int stride, float* x, float* target, int inputs, int batch, bool relu, float* start, int blocks)
    {
        for (int block = 0; block < blocks; block++, x += 32, target += 32)
            Block32Pair(row, stride, x, target, inputs, batch, relu, start);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Block32Pair(float* row, int stride, float* x, float* target, int inputs, int batch, bool relu, float* start)
    {
        float* row1 = row + stride;
        Vector256<float> a0, a1, a2, a3, b0, b1, b2, b3;
        int k;
        if (start != null)
        {
            a0 = a1 = a2 = a3 = Vector256.Create(start[0]);
            b0 = b1 = b2 = b3 = Vector256.Create(start[1]);
            k = 0;
        }
        else
        {
            Vector256<float> v0 = Vector256.Load(x), v1 = Vector256.Load(x + 8), v2 = Vector256.Load(x + 16), v3 = Vector256.Load(x + 24);
            var w = Vector256.Create(row[0]);
            var u = Vector256.Create(row1[0]);
            a0 = v0 * w; a1 = v1 * w; a2 = v2 * w; a3 = v3 * w;
            b0 = v0 * u; b1 = v1 * u; b2 = v2 * u; b3 = v3 * u;
            k = 1;
        }
        for (; k < inputs; k++)
        {
            var w = Vector256.Create(row[k]);
            var u = Vector256.Create(row1[k]);
            float* p = x + k * batch;
            var v = Vector256.Load(p);
            a0 = Vector256.FusedMultiplyAdd(v, w, a0);
            b0 = Vector256.FusedMultiplyAdd(v, u, b0);
            v = Vector256.Load(p + 8);
            a1 = Vector256.FusedMultiplyAdd(v, w, a1);
            b1 = Vector256.FusedMultiplyAdd(v, u, b1);
            v = Vector256.Load(p + 16);
            a2 = Vector256.FusedMultiplyAdd(v, w, a2);
            b2 = Vector256.FusedMultiplyAdd(v, u, b2);
            v = Vector256.Load(p + 24);
            a3 = Vector256.FusedMultiplyAdd(v, w, a3);
            b3 = Vector256.FusedMultiplyAdd(v, u, b3);
        }
        if (relu)
        {
            a0 = Relu(a0); a1 = Relu(a1); a2 = Relu(a2); a3 = Relu(a3);
            b0 = Relu(b0); b1 = Relu(b1); b2 = Relu(b2); b3 = Relu(b3);
        }
        float* target1 = target + batch;
        a0.Store(target); a1.Store(target + 8); a2.Store(target + 16); a3.Store(target + 24);
        b0.Store(target1); b1.Store(target1 + 8); b2.Store(target1 + 16); b3.Store(target1 + 24);
    }

    private static unsafe void Block8(float* row, float* x, float* target, int inputs, int batch, bool relu, float* start)
    {
        var acc = start != null ? Vector256.Create(*start) : Vector256.Load(x) * Vector256.Create(row[0]);
        for (int k = start != null ? 0 : 1; k < inputs; k++)
            acc = Vector256.FusedMultiplyAdd(Vector256.Load(x + k * batch), Vector256.Create(row[k]), acc);
        if (relu) acc = Relu(acc);
        acc.Store(target);
    }

    // The scalar rule, x < 0 ? 0 : x, lane by lane: −0 and NaN pass unchanged (Vector256.Max would turn −0 into +0).
    private static Vector256<float> Relu(Vector256<float> x)
        => Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), Vector256<float>.Zero, x);

    /// <summary>y = s·x, elementwise (<see cref="float"/> or <see cref="double"/>).</summary>
    public static void Scale<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination shorter than the source.", nameof(y));
        ref T px = ref MemoryMarshal.GetReference(x), py = ref MemoryMarshal.GetReference(y);
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - width; i += width) (Vector256.LoadUnsafe(ref px, (nuint)i) * vs).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] = s * x[i];
    }

    /// <summary>y = a + b, elementwise (<see cref="float"/> or <see cref="double"/>).</summary>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (b.Length < a.Length || y.Length < a.Length) throw new ArgumentException("Spans shorter than the first.");
        ref T pa = ref MemoryMarshal.GetReference(a), pb = ref MemoryMarshal.GetReference(b), py = ref MemoryMarshal.GetReference(y);
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= a.Length - width; i += width)
                (Vector256.LoadUnsafe(ref pa, (nuint)i) + Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < a.Length; i++) y[i] = a[i] + b[i];
    }

    /// <summary>y += a·b, elementwise (multiply, then add: never fused; <see cref="float"/> or <see cref="double"/>).</summary>
    public static void AddProduct<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (b.Length < a.Length || y.Length < a.Length) throw new ArgumentException("Spans shorter than the first.");
        ref T pa = ref MemoryMarshal.GetReference(a), pb = ref MemoryMarshal.GetReference(b), py = ref MemoryMarshal.GetReference(y);
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
            for (; i <= a.Length - width; i += width)
                (Vector256.LoadUnsafe(ref py, (nuint)i) + Vector256.LoadUnsafe(ref pa, (nuint)i) * Vector256.LoadUnsafe(ref pb, (nuint)i)).StoreUnsafe(ref py, (nuint)i);
        for (; i < a.Length; i++) y[i] += a[i] * b[i];
    }

    /// <summary>y += s·x, elementwise (multiply, then add: never fused; <see cref="float"/> or <see cref="double"/>).</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> x, T s, Span<T> y) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination shorter than the source.", nameof(y));
        ref T px = ref MemoryMarshal.GetReference(x), py = ref MemoryMarshal.GetReference(y);
        int i = 0, width = Vector256<T>.Count;
        if (Vector256.IsHardwareAccelerated)
        {
            var vs = Vector256.Create(s);
            for (; i <= x.Length - width; i += width)
                (Vector256.LoadUnsafe(ref py, (nuint)i) + Vector256.LoadUnsafe(ref px, (nuint)i) * vs).StoreUnsafe(ref py, (nuint)i);
        }
        for (; i < x.Length; i++) y[i] += s * x[i];
    }

    /// <summary>Index of the first largest value (ties go to the lower index; NaN never wins).</summary>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        const int width = 8, block = 4 * width;
        if (!Vector256.IsHardwareAccelerated || values.Length < block) return ArgMaxScalar(values);
        // The maximum is exact whatever the order of comparison, so a vector pass finds it (four independent running
        // maxima, so that the comparisons do not wait on each other), and a second pass finds its first occurrence:
        // the result equals the scalar reference.
        ref float p = ref MemoryMarshal.GetReference(values);
        int n = values.Length, i = 0;
        var best0 = Vector256.Create(float.NegativeInfinity);
        var (best1, best2, best3) = (best0, best0, best0);
        for (; i <= n - block; i += block)
        {
            best0 = Larger(Vector256.LoadUnsafe(ref p, (nuint)i), best0); // NaN compares false, so it never enters
            best1 = Larger(Vector256.LoadUnsafe(ref p, (nuint)(i + width)), best1);
            best2 = Larger(Vector256.LoadUnsafe(ref p, (nuint)(i + 2 * width)), best2);
            best3 = Larger(Vector256.LoadUnsafe(ref p, (nuint)(i + 3 * width)), best3);
        }
        var best = Larger(Larger(best1, best0), Larger(best3, best2));
        float max = float.NegativeInfinity;
        for (int lane = 0; lane < width; lane++) max = Math.Max(max, best.GetElement(lane));
        for (; i < n; i++) if (values[i] > max) max = values[i];
        if (float.IsNegativeInfinity(max)) return ArgMaxScalar(values);
        var target = Vector256.Create(max);
        int j = 0;
        for (; j <= n - width; j += width)
        {
            uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref p, (nuint)j), target).ExtractMostSignificantBits();
            if (mask != 0) return j + System.Numerics.BitOperations.TrailingZeroCount(mask);
        }
        for (; j < n; j++) if (values[j] == max) return j;
        return ArgMaxScalar(values);

        static Vector256<float> Larger(Vector256<float> v, Vector256<float> best) =>
            Vector256.ConditionalSelect(Vector256.GreaterThan(v, best), v, best);
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
