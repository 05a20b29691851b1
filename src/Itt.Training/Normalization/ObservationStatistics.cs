namespace Itt.Training.Normalization;

/// <summary>
/// Running mean and variance of observations (Welford within one rollout, Chan et al.'s pairwise merge across
/// rollouts). Merged in job-index order, the result is the same bits for any thread or worker count.
/// </summary>
public sealed class ObservationStatistics
{
    private readonly double[] _mean;
    private readonly double[] _squaredDeviations;

    /// <summary>Empty statistics of <paramref name="size"/>-entry observations.</summary>
    public ObservationStatistics(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        _mean = new double[size];
        _squaredDeviations = new double[size];
    }

    /// <summary>Statistics restored from their parts (a checkpoint).</summary>
    public ObservationStatistics(long count, double[] mean, double[] squaredDeviations)
    {
        if (mean.Length != squaredDeviations.Length) throw new ArgumentException("mean and squared deviations differ in length");
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Count = count;
        _mean = (double[])mean.Clone();
        _squaredDeviations = (double[])squaredDeviations.Clone();
    }

    /// <summary>Observations seen.</summary>
    public long Count { get; private set; }

    /// <summary>Entries per observation.</summary>
    public int Size => _mean.Length;

    /// <summary>Mean of each entry.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Σ (x − mean)² of each entry.</summary>
    public ReadOnlySpan<double> SquaredDeviations => _squaredDeviations;

    /// <summary>Adds one observation.</summary>
    public void Add(ReadOnlySpan<float> observation)
    {
        Count++;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = observation[i] - _mean[i];
            _mean[i] += delta / Count;
            _squaredDeviations[i] += delta * (observation[i] - _mean[i]);
        }
    }

    /// <summary>Adds every observation counted by <paramref name="other"/>.</summary>
    public void Merge(ObservationStatistics other)
    {
        if (other.Size != Size) throw new ArgumentException($"observations of {other.Size} entries cannot merge into {Size}", nameof(other));
        if (other.Count == 0) return;
        long total = Count + other.Count;
        for (int i = 0; i < _mean.Length; i++)
        {
            double delta = other._mean[i] - _mean[i];
            _mean[i] += delta * other.Count / total;
            _squaredDeviations[i] += other._squaredDeviations[i] + delta * delta * ((double)Count * other.Count / total);
        }
        Count = total;
    }

    /// <summary>A copy.</summary>
    public ObservationStatistics Clone() => new(Count, _mean, _squaredDeviations);

    /// <summary>The normaliser these statistics give, fixed for one iteration.</summary>
    public ObservationNormalizer Freeze() => ObservationNormalizer.From(this);
}
