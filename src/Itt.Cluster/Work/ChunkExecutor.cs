using System.Collections.Concurrent;
using System.Text.Json;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;

namespace Itt.Cluster.Work;

/// <summary>
/// The worker side of a chunk, one per silo: rebuilds the run's evaluator from the config (cached per config) and the
/// perturbation block from (seed, iteration, count, dimension, active) (cached for the latest iterations, since every
/// chunk of an iteration needs the same block), then runs the chunk's jobs through <see cref="LocalEvaluator"/>, which
/// applies <see cref="JobRunner.Run"/>: the same rule, so the same bits, as a local run. Chunks run one at a time on
/// the silo's threads: a second chunk in flight waits here, ready, instead of competing for the same cores.
/// </summary>
public sealed class ChunkExecutor : IDisposable
{
    private const int CachedBlocks = 4;
    private readonly int _threads;
    private readonly ConcurrentDictionary<string, Lazy<(TrainingConfig Config, LocalEvaluator Evaluator)>> _runs = new(StringComparer.Ordinal);
    private readonly Dictionary<(ulong, int, int, int, int), Lazy<PerturbationBlock>> _blocks = [];
    private readonly Queue<(ulong, int, int, int, int)> _blockOrder = new();
    private readonly SemaphoreSlim _turn = new(1);

    /// <summary>An executor running each chunk on <paramref name="threads"/> threads (0: one per core).</summary>
    public ChunkExecutor(int threads = 0) => _threads = threads;

    /// <summary>Evaluates <paramref name="work"/> on the thread pool, after the chunks already running on this silo.</summary>
    public async Task<ChunkResult> RunAsync(ChunkWork work, string worker)
    {
        await _turn.WaitAsync();
        try
        {
            return await Task.Run(() => Run(work, worker));
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Evaluates <paramref name="work"/> and names this worker <paramref name="worker"/> in the result.</summary>
    public ChunkResult Run(ChunkWork work, string worker)
    {
        var (config, evaluator) = Opened(work.ConfigJson);
        var request = work.Request(Block(config.Seed, work));
        var (values, steps) = evaluator.Run(request, request.Jobs(), work.FirstJob, work.JobCount);
        return new ChunkResult { Key = work.Key, Values = values, Steps = steps, Worker = worker };
    }

    /// <summary>The run of <paramref name="json"/>, opened once; a failed open is forgotten so a later chunk tries again.</summary>
    private (TrainingConfig Config, LocalEvaluator Evaluator) Opened(string json)
    {
        var run = _runs.GetOrAdd(json, j => new(() => Open(j)));
        try
        {
            return run.Value;
        }
        catch
        {
            _runs.TryRemove(KeyValuePair.Create(json, run));
            throw;
        }
    }

    private (TrainingConfig, LocalEvaluator) Open(string json)
    {
        var config = JsonSerializer.Deserialize<TrainingConfig>(json, Json.Options)
            ?? throw new InvalidDataException("empty training config");
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var architecture = EsTrainer.ArchitectureFor(config);
        return (config, new LocalEvaluator(config, architecture, config.PolicyOptions(), _threads));
    }

    private PerturbationBlock Block(ulong seed, ChunkWork work)
    {
        var key = (seed, work.Key.Iteration, work.Perturbations, work.Dimension, work.Active);
        Lazy<PerturbationBlock> block;
        lock (_blocks)
        {
            if (!_blocks.TryGetValue(key, out block!))
            {
                block = new(() => PerturbationBlock.Create(seed, work.Key.Iteration, work.Perturbations, work.Dimension, work.Active));
                _blocks[key] = block;
                _blockOrder.Enqueue(key);
                while (_blockOrder.Count > CachedBlocks) _blocks.Remove(_blockOrder.Dequeue());
            }
        }
        return block.Value;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _turn.Dispose();
        foreach (var run in _runs.Values)
            if (run.IsValueCreated) run.Value.Evaluator.Dispose();
    }
}
