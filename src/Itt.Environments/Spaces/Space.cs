namespace Itt.Environments.Spaces;

/// <summary>An observation or action space.</summary>
public abstract record Space
{
    /// <summary>Length of the float vector that carries one element of this space (1 for a discrete action).</summary>
    public abstract int Dimension { get; }
}

/// <summary>The actions {0, …, <see cref="Count"/> − 1}. An action travels as one float holding its index.</summary>
public sealed record DiscreteSpace(int Count) : Space
{
    /// <inheritdoc />
    public override int Dimension => 1;

    /// <summary>Returns whether <paramref name="value"/> is an integer in range.</summary>
    public bool Contains(float value) => value >= 0 && value < Count && value == MathF.Floor(value);
}

/// <summary>A box [Low, High] of floats (bounds may be infinite).</summary>
public sealed record BoxSpace : Space
{
    /// <summary>Creates a box from per-component bounds.</summary>
    public BoxSpace(float[] low, float[] high)
    {
        if (low.Length != high.Length) throw new ArgumentException("Bounds differ in length.");
        for (int i = 0; i < low.Length; i++)
            if (!(low[i] <= high[i])) throw new ArgumentException($"Bound {i}: low {low[i]} > high {high[i]}.");
        Low = low;
        High = high;
    }

    /// <summary>A box with the same bounds on every one of <paramref name="dimension"/> components.</summary>
    public static BoxSpace Uniform(int dimension, float low, float high)
        => new(Enumerable.Repeat(low, dimension).ToArray(), Enumerable.Repeat(high, dimension).ToArray());

    /// <summary>Lower bounds.</summary>
    public IReadOnlyList<float> Low { get; }

    /// <summary>Upper bounds.</summary>
    public IReadOnlyList<float> High { get; }

    /// <inheritdoc />
    public override int Dimension => Low.Count;

    /// <summary>Whether every bound is finite (needed to sample uniformly from the box).</summary>
    public bool IsBounded => Low.All(float.IsFinite) && High.All(float.IsFinite);
}
