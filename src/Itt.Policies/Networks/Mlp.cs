using Itt.Core.Numerics;

namespace Itt.Policies.Networks;

/// <summary>
/// A bias-free multilayer perceptron over a slice of θ: layer i is a row-major
/// Sizes[i+1] × Sizes[i] matrix; ReLU after every hidden layer (unless <see cref="Linear"/>), linear output.
/// </summary>
public sealed class Mlp
{
    private readonly int[] _offsets;

    /// <summary>Creates the shape [input, hidden…, output].</summary>
    public Mlp(IReadOnlyList<int> sizes, bool linear)
    {
        if (sizes.Count < 2) throw new ArgumentException("An MLP needs at least an input and an output size.");
        if (sizes.Any(s => s < 1)) throw new ArgumentException("Layer sizes must be positive.");
        var array = sizes.ToArray();
        Sizes = array;
        Linear = linear;
        _offsets = new int[array.Length];
        for (int i = 1; i < array.Length; i++) _offsets[i] = _offsets[i - 1] + array[i - 1] * array[i];
        ParameterCount = _offsets[^1];
        MaxWidth = Sizes.Max();
    }

    /// <summary>Layer sizes, input first.</summary>
    public IReadOnlyList<int> Sizes { get; }

    /// <summary>True when hidden layers are linear too (the paper's Swimmer setting).</summary>
    public bool Linear { get; }

    /// <summary>Number of weights: Σ Sizes[i]·Sizes[i+1].</summary>
    public int ParameterCount { get; }

    /// <summary>Number of weight matrices.</summary>
    public int LayerCount => Sizes.Count - 1;

    /// <summary>Input width.</summary>
    public int InputSize => Sizes[0];

    /// <summary>Output width.</summary>
    public int OutputSize => Sizes[^1];

    /// <summary>Widest layer (scratch sizing).</summary>
    public int MaxWidth { get; }

    /// <summary>The weights of layer <paramref name="layer"/> inside <paramref name="theta"/>.</summary>
    public ReadOnlySpan<float> Weights(ReadOnlySpan<float> theta, int layer)
        => theta.Slice(_offsets[layer], Sizes[layer] * Sizes[layer + 1]);

    /// <summary>
    /// Evaluates one input. <paramref name="scratch"/> needs 2·<see cref="MaxWidth"/> floats; the output is
    /// written to <paramref name="output"/>.
    /// </summary>
    public void Forward(ReadOnlySpan<float> theta, ReadOnlySpan<float> input, Span<float> output, Span<float> scratch)
    {
        var a = scratch.Slice(0, MaxWidth);
        var b = scratch.Slice(MaxWidth, MaxWidth);
        ReadOnlySpan<float> current = input;
        for (int layer = 0; layer < LayerCount; layer++)
        {
            int outputs = Sizes[layer + 1];
            var target = layer == LayerCount - 1 ? output : (layer % 2 == 0 ? a : b).Slice(0, outputs);
            Kernels.MatVec(Weights(theta, layer), current, target, outputs);
            if (!Linear && layer < LayerCount - 1) Kernels.Relu(target);
            current = target;
        }
    }

    /// <summary>
    /// Evaluates a batch held as structure of arrays: <paramref name="input"/> has InputSize rows of
    /// <paramref name="batch"/> values, <paramref name="output"/> gets OutputSize rows.
    /// <paramref name="scratch"/> needs 2·MaxWidth·batch floats.
    /// </summary>
    public void ForwardBatch(ReadOnlySpan<float> theta, ReadOnlySpan<float> input, Span<float> output, int batch, Span<float> scratch)
        => ForwardBatch(theta, [], input, output, batch, scratch);

    /// <summary>
    /// Evaluates a batch whose first inputs are one vector shared by every sample (IOT's state beside N candidate
    /// actions): <paramref name="rest"/> holds the other InputSize − shared.Length inputs as rows of
    /// <paramref name="batch"/> values. The shared part of every first-layer sum is computed once, then each sample
    /// continues it, so the result is bit for bit that of <see cref="ForwardBatch(ReadOnlySpan{float}, ReadOnlySpan{float}, Span{float}, int, Span{float})"/>
    /// on the concatenated inputs. <paramref name="scratch"/> needs 2·MaxWidth·batch floats.
    /// </summary>
    public void ForwardBatch(ReadOnlySpan<float> theta, ReadOnlySpan<float> shared, ReadOnlySpan<float> rest, Span<float> output, int batch, Span<float> scratch)
    {
        if (shared.Length > InputSize) throw new ArgumentException("More shared inputs than the network has.");
        // Each first-layer output's sum over the shared inputs, in the kernel's order (w₀x₀, then fused multiply-adds).
        int first = Sizes[1];
        Span<float> start = shared.IsEmpty ? [] : first <= 256 ? stackalloc float[first] : new float[first];
        var firstWeights = Weights(theta, 0);
        for (int o = 0; o < start.Length; o++) start[o] = Kernels.Dot(firstWeights.Slice(o * InputSize, shared.Length), shared);
        var a = scratch.Slice(0, MaxWidth * batch);
        var b = scratch.Slice(MaxWidth * batch, MaxWidth * batch);
        ReadOnlySpan<float> current = rest;
        for (int layer = 0; layer < LayerCount; layer++)
        {
            int outputs = Sizes[layer + 1];
            var target = layer == LayerCount - 1 ? output.Slice(0, outputs * batch) : (layer % 2 == 0 ? a : b).Slice(0, outputs * batch);
            bool relu = !Linear && layer < LayerCount - 1;
            var weights = Weights(theta, layer);
            if (layer == 0 && !shared.IsEmpty)
                Kernels.MatMulBatch(weights.Slice(shared.Length), current, target, outputs, InputSize - shared.Length, batch, relu,
                    start, weightStride: InputSize);
            else Kernels.MatMulBatch(weights, current, target, outputs, Sizes[layer], batch, relu);
            current = target;
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join("→", Sizes) + (Linear ? " (linear)" : "");
}
