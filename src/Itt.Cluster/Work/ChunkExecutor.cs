using System.Text.Json;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;

namespace Itt.Cluster.Work;

/// <summary>
/// The worker side of a chunk, one per silo: rebuilds the run's evaluator from the config (cached for the runs used last) and the
/// perturbation block from (seed, iteration, count, dimension, active) (cached for the latest iterations, since every
/// chunk of an iteration needs the same block), then runs the chunk's jobs through <see cref="LocalEvaluator"/>, which
/// applies <see cref="JobRunner.Run"/>: the same rule, so the same bits, as a local run. Chunks run one at a time on
/// the silo's threads: a second chunk in flight waits here, ready, instead of competing for the same cores. A chunk
/// from a trainer of another build (<see cref="BuildIdentity"/>) is refused with <see cref="WorkerBuildMismatchException"/>.
/// </summary>
public sealed class ChunkExecutor : IDisposable
{
    private const int CachedBlocks = 4;
    private const int CachedRuns = 4;
    private readonly int _threads;
    private readonly Func<string, string> _buildOf;
    private readonly Dictionary<string, Lazy<(TrainingConfig Config, LocalEvaluator Evaluator)>> _runs = new(StringComparer.Ordinal);
    private readonly List<string> _runOrder = []; // least recently used first
    private readonly Dictionary<(ulong, int, int, int, int), Lazy<PerturbationBlock>> _blocks = [];
    private readonly Queue<(ulong, int, int, int, int)> _blockOrder = new();
    private readonly SemaphoreSlim _turn = new(1);

    /// <summary>An executor running each chunk on <paramref name="threads"/> threads (0: one per core).</summary>
    public ChunkExecutor(int threads = 0) : this(threads, BuildIdentity.For) { }

    /// <summary>An executor that names its build for an environment with <paramref name="buildOf"/> (tests: a worker of another build).</summary>
    internal ChunkExecutor(int threads, Func<string, string> buildOf) => (_threads, _buildOf) = (threads, buildOf);

    /// <summary>Raised with the message of each chunk refused because its trainer runs another build (for the worker's console).</summary>
    public event Action<string>? Refused;

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

    /// <summary>Evaluates <paramref name="work"/> and names this worker <paramref name="worker"/> in the result (one chunk at a time: <see cref="RunAsync"/> queues them).</summary>
    internal ChunkResult Run(ChunkWork work, string worker)
    {
        CheckBuild(work, worker);
        var (config, evaluator) = Opened(work.ConfigJson);
        var request = work.Request(Block(config.Seed, work));
        var (values, steps) = evaluator.Run(request, request.Jobs(), work.FirstJob, work.JobCount);
        return new ChunkResult { Key = work.Key, Values = values, Steps = steps, Worker = worker };
    }

    /// <summary>Refuses a chunk from a trainer of another build, before its config is read (another build may read it otherwise).</summary>
    private void CheckBuild(ChunkWork work, string worker)
    {
        using var config = JsonDocument.Parse(work.ConfigJson);
        string name = Json.Options.PropertyNamingPolicy?.ConvertName(nameof(TrainingConfig.Environment)) ?? nameof(TrainingConfig.Environment);
        string environment = config.RootElement.TryGetProperty(name, out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
        string ours = _buildOf(environment);
        if (ours == work.Build) return;
        var (mine, trainers) = BuildIdentity.FirstDifference(ours, work.Build);
        string message = $"worker {worker} runs another build than the trainer ({mine}; the trainer: {trainers}): start every silo from the same build";
        Refused?.Invoke(message);
        throw new WorkerBuildMismatchException(message);
    }

    /// <summary>
    /// The run of <paramref name="json"/>, opened once and kept while it is among the <see cref="CachedRuns"/> runs used
    /// last (a long-lived worker serves run after run, and each holds its environments); a failed open is forgotten so
    /// a later chunk tries again. Chunks run one at a time, so a run evicted here is never in use.
    /// </summary>
    private (TrainingConfig Config, LocalEvaluator Evaluator) Opened(string json)
    {
        Lazy<(TrainingConfig Config, LocalEvaluator Evaluator)> run;
        lock (_runs)
        {
            if (!_runs.TryGetValue(json, out run!)) _runs[json] = run = new(() => Open(json));
            _runOrder.Remove(json);
            _runOrder.Add(json);
            while (_runOrder.Count > CachedRuns)
            {
                if (_runs.Remove(_runOrder[0], out var evicted) && evicted.IsValueCreated) evicted.Value.Evaluator.Dispose();
                _runOrder.RemoveAt(0);
            }
        }
        try
        {
            return run.Value;
        }
        catch
        {
            lock (_runs)
                if (_runs.TryGetValue(json, out var current) && current == run)
                {
                    _runs.Remove(json);
                    _runOrder.Remove(json);
                }
            throw;
        }
    }

    /// <summary>Runs opened and kept now (for tests).</summary>
    internal int OpenRuns { get { lock (_runs) return _runs.Values.Count(r => r.IsValueCreated); } }

    private (TrainingConfig, LocalEvaluator) Open(string json)
    {
        var config = JsonSerializer.Deserialize<TrainingConfig>(json, Json.Options)
            ?? throw new InvalidDataException("empty training config");
        if (config.Validate() is string problem) throw new ArgumentException(problem);
        var architecture = EsTrainer.ArchitectureFor(config);
        MemoryEstimate.CheckTraining(config, architecture, _threads); // a worker regenerates the perturbation block too
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
