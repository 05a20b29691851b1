using Itt.Cluster.Work;
using Orleans.Runtime;

namespace Itt.Cluster.Evaluation;

/// <summary>What happened to one send of a chunk.</summary>
public enum ChunkEventKind
{
    /// <summary>Sent to a silo.</summary>
    Sent,
    /// <summary>Its result was taken.</summary>
    Completed,
    /// <summary>Its result came after another send of the same chunk and was ignored.</summary>
    Duplicate,
    /// <summary>The call failed (dead silo, rejection); the chunk is sent again unless it is already in.</summary>
    Failed,
    /// <summary>Its silo left or it ran past the timeout; the chunk is sent again elsewhere.</summary>
    Abandoned,
    /// <summary>Its silo runs another build and refused it; the chunk is sent again elsewhere and that silo gets no more work.</summary>
    Refused,
}

/// <summary>One event of the evaluator's bookkeeping (for progress, tests and benchmarks).</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Key">Which send.</param>
/// <param name="Silo">The silo it went to.</param>
/// <param name="Error">Why it failed, for <see cref="ChunkEventKind.Failed"/> and <see cref="ChunkEventKind.Refused"/>.</param>
public sealed record ChunkEvent(ChunkEventKind Kind, ChunkKey Key, SiloAddress Silo, string? Error = null);

/// <summary>Thrown when an iteration cannot be completed on the cluster.</summary>
public sealed class ClusterEvaluationException(string message) : Exception(message);
