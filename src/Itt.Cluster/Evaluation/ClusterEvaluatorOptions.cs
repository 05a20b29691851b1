namespace Itt.Cluster.Evaluation;

/// <summary>How the cluster evaluator spreads and resends work. None of it changes results.</summary>
public sealed record ClusterEvaluatorOptions
{
    /// <summary>Jobs per chunk (null: about four chunks per active worker).</summary>
    public int? ChunkSize { get; init; }

    /// <summary>Chunks sent to one silo before it answers, so a worker never waits for its next chunk.</summary>
    public int ChunksInFlightPerWorker { get; init; } = 2;

    /// <summary>A chunk unanswered for this long is sent again elsewhere (the first answer wins).</summary>
    public TimeSpan ChunkTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Sends of one chunk before the iteration fails (a worker that rejects every send, e.g. an unknown environment).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>
    /// Wait after a chunk's first failed send before it is sent again; it doubles with each further failure up to
    /// <see cref="MaxRetryDelay"/>. A silo that died fails sends within milliseconds until the cluster declares it dead
    /// (seconds, longer under load), so without the wait a chunk could spend all its attempts in that window.
    /// </summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Longest wait between two failed sends of a chunk.</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(16);

    /// <summary>The least time a chunk keeps being retried before the run stops: the waits between its <see cref="MaxAttempts"/> sends.</summary>
    public TimeSpan RetryWindow => TimeSpan.FromTicks(Enumerable.Range(0, Math.Max(0, MaxAttempts - 1)).Sum(k => RetryAfter(k + 1).Ticks));

    /// <summary>The wait before the next send of a chunk whose sends failed <paramref name="failures"/> times.</summary>
    public TimeSpan RetryAfter(int failures)
        => failures < 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(failures - 1, 30)));

    /// <summary>Run rollouts on the trainer's own silo too.</summary>
    public bool TrainerRunsRollouts { get; init; } = true;

    /// <summary>How long an iteration waits while no silo can take work before it fails.</summary>
    public TimeSpan NoWorkerTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Returns a one-line description of the first invalid setting, or null.</summary>
    public string? Validate()
    {
        if (ChunkSize is < 1) return $"chunk size must be at least 1, or unset for automatic (got {ChunkSize})";
        if (ChunksInFlightPerWorker < 1) return $"chunks in flight per worker must be at least 1 (got {ChunksInFlightPerWorker})";
        if (ChunkTimeout <= TimeSpan.Zero) return "chunk timeout must be positive";
        if (MaxAttempts < 1) return $"max attempts must be at least 1 (got {MaxAttempts})";
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < RetryDelay) return "retry delays must satisfy 0 <= RetryDelay <= MaxRetryDelay";
        return null;
    }
}
