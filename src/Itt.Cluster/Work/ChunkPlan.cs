namespace Itt.Cluster.Work;

/// <summary>Jobs First … First + Count − 1 of an iteration.</summary>
/// <param name="First">First job index.</param>
/// <param name="Count">Number of jobs.</param>
public readonly record struct ChunkRange(int First, int Count);

/// <summary>How an iteration's jobs are cut into chunks: consecutive ranges of equal size (the last may be shorter).</summary>
public static class ChunkPlan
{
    /// <summary>Cuts <paramref name="jobCount"/> jobs into ranges of <paramref name="chunkSize"/>.</summary>
    public static ChunkRange[] Split(int jobCount, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(jobCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        var ranges = new ChunkRange[(jobCount + chunkSize - 1) / chunkSize];
        for (int c = 0; c < ranges.Length; c++)
            ranges[c] = new ChunkRange(c * chunkSize, Math.Min(chunkSize, jobCount - c * chunkSize));
        return ranges;
    }

    /// <summary>
    /// A chunk size giving about <paramref name="chunksPerWorker"/> chunks per worker, so a slow or lost worker costs a
    /// small share of the iteration and the others can take over its chunks.
    /// </summary>
    public static int AutomaticSize(int jobCount, int workers, int chunksPerWorker = 4)
        => Math.Max(1, (jobCount + Math.Max(1, workers) * chunksPerWorker - 1) / (Math.Max(1, workers) * chunksPerWorker));
}
