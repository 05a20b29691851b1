using Itt.Cluster.Work;
using Orleans.Placement;
using Orleans.Runtime;

namespace Itt.Cluster.Grains;

/// <summary>
/// Runs a chunk on the silo it was placed on. Random placement honours the trainer's placement hint (a stateless
/// worker would never leave the caller's silo); the activation goes away once it has answered.
/// </summary>
[RandomPlacement]
internal sealed class RolloutChunkGrain(ChunkExecutor executor, ILocalSiloDetails silo) : Grain, IRolloutChunkGrain
{
    public async Task<ChunkResult> Run(ChunkWork work)
    {
        try
        {
            // Rollouts are long CPU-bound work: the executor runs them on the thread pool rather than in the grain's turn.
            return await executor.RunAsync(work, silo.Name);
        }
        finally
        {
            DeactivateOnIdle();
        }
    }
}
