namespace Itt.Export;

/// <summary>
/// A frozen observation normaliser: obs' = clip((obs − Mean) / Std, −Clip, Clip), per dimension, in float.
/// The exported ONNX graph applies the same operations in the same order, so both sides see identical inputs.
/// </summary>
/// <param name="Mean">Per-dimension mean.</param>
/// <param name="Std">Per-dimension standard deviation (each &gt; 0).</param>
/// <param name="Clip">Bound of the normalised value (+∞: no clipping).</param>
public sealed record ObservationNormalization(float[] Mean, float[] Std, float Clip = float.PositiveInfinity)
{
    /// <summary>Returns a one-line description of the first problem for observations of <paramref name="size"/>, or null.</summary>
    public string? Validate(int size)
    {
        if (Mean.Length != size || Std.Length != size)
            return $"normaliser has {Mean.Length} means and {Std.Length} stds; the observation has {size} entries";
        if (Mean.Any(m => !float.IsFinite(m))) return "normaliser means must be finite";
        if (Std.Any(s => !(s > 0) || !float.IsFinite(s))) return "normaliser stds must be finite and > 0";
        if (!(Clip > 0)) return $"normaliser clip must be > 0 (got {Clip})";
        return null;
    }

    /// <summary>True when values are clipped.</summary>
    public bool Clips => float.IsFinite(Clip);

    /// <summary>Writes the normalised <paramref name="observation"/> into <paramref name="normalized"/>.</summary>
    public void Apply(ReadOnlySpan<float> observation, Span<float> normalized)
    {
        for (int j = 0; j < observation.Length; j++)
        {
            float value = (observation[j] - Mean[j]) / Std[j];
            normalized[j] = Clips ? Math.Clamp(value, -Clip, Clip) : value;
        }
    }
}
