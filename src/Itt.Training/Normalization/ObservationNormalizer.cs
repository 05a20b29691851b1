namespace Itt.Training.Normalization;

/// <summary>
/// (x − mean) / std per entry, as ARS (Mania et al., 2018) feeds observations to its policies. Frozen for an
/// iteration so every rollout of it sees the same map. Mean and std are exposed for exporters.
/// </summary>
public sealed class ObservationNormalizer
{
    /// <summary>Below this variance an entry is only centred (std 1): a constant entry must not be blown up.</summary>
    public const double MinimumVariance = 1e-8;

    private readonly float[] _mean;
    private readonly float[] _std;

    /// <summary>A normaliser with the given mean and std (std entries must be &gt; 0).</summary>
    public ObservationNormalizer(float[] mean, float[] std)
    {
        if (mean.Length != std.Length) throw new ArgumentException("mean and std differ in length");
        if (std.Any(s => !(s > 0) || !float.IsFinite(s))) throw new ArgumentException("every std entry must be a finite number > 0", nameof(std));
        _mean = (float[])mean.Clone();
        _std = (float[])std.Clone();
    }

    /// <summary>The normaliser of <paramref name="statistics"/>: the identity before any observation.</summary>
    public static ObservationNormalizer From(ObservationStatistics statistics)
    {
        var mean = new float[statistics.Size];
        var std = new float[statistics.Size];
        for (int i = 0; i < mean.Length; i++)
        {
            double variance = statistics.Count > 1 ? statistics.SquaredDeviations[i] / statistics.Count : 0;
            mean[i] = statistics.Count > 0 ? (float)statistics.Mean[i] : 0f;
            std[i] = variance > MinimumVariance ? (float)Math.Sqrt(variance) : 1f;
        }
        return new ObservationNormalizer(mean, std);
    }

    /// <summary>Entries per observation.</summary>
    public int Size => _mean.Length;

    /// <summary>Subtracted from each entry.</summary>
    public ReadOnlySpan<float> Mean => _mean;

    /// <summary>Each entry is divided by this after centring.</summary>
    public ReadOnlySpan<float> Std => _std;

    /// <summary>Writes the normalised <paramref name="observation"/> into <paramref name="normalized"/>.</summary>
    public void Apply(ReadOnlySpan<float> observation, Span<float> normalized)
    {
        for (int i = 0; i < _mean.Length; i++) normalized[i] = (observation[i] - _mean[i]) / _std[i];
    }
}
