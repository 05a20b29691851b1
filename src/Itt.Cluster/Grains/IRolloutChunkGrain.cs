using Itt.Cluster.Work;

namespace Itt.Cluster.Grains;

/// <summary>
/// Evaluates one chunk of an iteration. Keyed by <see cref="ChunkKey"/>, so each send (and each resend) is a fresh
/// activation that the trainer places on a chosen silo with a placement hint.
/// </summary>
public interface IRolloutChunkGrain : IGrainWithStringKey
{
    /// <summary>Runs the chunk's rollouts and returns their values.</summary>
    Task<ChunkResult> Run(ChunkWork work);
}
