using System.Text.Json;
using Itt.Cluster.Grains;
using Itt.Cluster.Membership;
using Itt.Cluster.Work;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Itt.Cluster.Evaluation;

/// <summary>
/// Evaluates an iteration on the silos of an Orleans cluster, interchangeable with <see cref="LocalEvaluator"/>: the
/// jobs go out in chunks keyed by (iteration, chunk, attempt) to the live silos; a chunk lost to a dead silo, a timeout
/// or a rejection is sent again elsewhere, since Orleans does not retry; the first answer of each chunk is kept and
/// duplicates are ignored; the values are placed by job identity, so θ is bit-identical to a local run's.
/// Runs inside the trainer's silo, which learns of a dead silo within seconds (an external client would wait for its
/// response timeout).
/// </summary>
public sealed class ClusterEvaluator : IEvaluator
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly IGrainFactory _grains;
    private readonly WorkerMembership _membership;
    private readonly string _configJson;
    private readonly ClusterEvaluatorOptions _options;

    /// <summary>An evaluator for runs of <paramref name="config"/>, sending through <paramref name="grains"/> to the silos of <paramref name="membership"/>.</summary>
    public ClusterEvaluator(IGrainFactory grains, WorkerMembership membership, TrainingConfig config, ClusterEvaluatorOptions? options = null)
    {
        _options = options ?? new ClusterEvaluatorOptions();
        if (_options.Validate() is string problem) throw new ArgumentException(problem);
        _grains = grains;
        _membership = membership;
        _configJson = JsonSerializer.Serialize(config, Json.Options);
    }

    /// <summary>Raised for every send, answer, failure and resend (on the evaluating thread).</summary>
    public event Action<ChunkEvent>? ChunkEvent;

    /// <summary>Chunk sends so far, resends included.</summary>
    public int Sent { get; private set; }

    /// <summary>Sends that were resends of a chunk lost, rejected or late.</summary>
    public int Resent { get; private set; }

    /// <summary>Answers ignored because their chunk was already in.</summary>
    public int Duplicates { get; private set; }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationRequest request) => EvaluateAsync(request).GetAwaiter().GetResult();

    /// <summary>Evaluates every job of <paramref name="request"/> on the cluster.</summary>
    public async Task<EvaluationResult> EvaluateAsync(EvaluationRequest request, CancellationToken cancellation = default)
    {
        if (request.Normalizer is not null)
            throw new ArgumentException("observation normalisation is not supported on a cluster: workers do not send observation statistics back");
        var jobs = request.Jobs();
        // Chunks are immutable messages (not copied on calls within a silo) and may outlive the iteration as duplicates,
        // while the trainer updates θ in place afterwards: give them a copy of their own.
        request = request with { Theta = (double[])request.Theta.Clone() };
        int chunkSize = _options.ChunkSize ?? ChunkPlan.AutomaticSize(jobs.Count, Workers().Count);
        var ranges = ChunkPlan.Split(jobs.Count, chunkSize);
        var collector = new ChunkCollector(jobs.Count, ranges);
        var waiting = new Queue<int>(Enumerable.Range(0, ranges.Length));
        var attempts = new int[ranges.Length];
        var inFlight = new Dictionary<Task<ChunkResult>, Send>();
        var failedOn = new Dictionary<int, HashSet<SiloAddress>>();
        string? lastError = null;
        var idleSince = DateTime.UtcNow;

        while (!collector.IsComplete)
        {
            var workers = Workers();
            if (workers.Count > 0) idleSince = DateTime.UtcNow;
            else if (DateTime.UtcNow - idleSince > _options.NoWorkerTimeout)
                throw new ClusterEvaluationException($"no worker silo was active for {_options.NoWorkerTimeout.TotalSeconds:0} s at iteration {request.Iteration + 1}");

            while (waiting.Count > 0)
            {
                int chunk = waiting.Peek();
                if (collector.IsDone(chunk))
                {
                    waiting.Dequeue();
                    continue;
                }
                if (Target(workers, inFlight.Values, failedOn.GetValueOrDefault(chunk)) is not SiloAddress target) break;
                waiting.Dequeue();
                if (attempts[chunk] >= _options.MaxAttempts)
                    throw new ClusterEvaluationException($"chunk {chunk} of iteration {request.Iteration + 1} failed {attempts[chunk]} times; last error: {lastError}");
                var key = new ChunkKey(request.Iteration, chunk, attempts[chunk]++);
                inFlight[SendAsync(target, ChunkWork.For(request, _configJson, key, ranges[chunk]))] = new Send(key, target, DateTime.UtcNow);
                Sent++;
                if (key.Attempt > 0) Resent++;
                Raise(ChunkEventKind.Sent, key, target);
            }

            await Task.WhenAny(inFlight.Keys.Append(Task.Delay(Tick, cancellation)));
            cancellation.ThrowIfCancellationRequested();

            foreach (var (task, send) in inFlight.Where(p => p.Key.IsCompleted).ToArray())
            {
                inFlight.Remove(task);
                if (task.IsCompletedSuccessfully)
                {
                    bool taken = collector.Accept(task.Result);
                    if (!taken) Duplicates++;
                    Raise(taken ? ChunkEventKind.Completed : ChunkEventKind.Duplicate, send.Key, send.Silo);
                    continue;
                }
                lastError = task.Exception?.GetBaseException().Message ?? "cancelled";
                Raise(ChunkEventKind.Failed, send.Key, send.Silo, lastError);
                if (!failedOn.TryGetValue(send.Key.Chunk, out var failed)) failedOn[send.Key.Chunk] = failed = [];
                failed.Add(send.Silo);
                if (!send.Abandoned && !collector.IsDone(send.Key.Chunk)) waiting.Enqueue(send.Key.Chunk);
            }

            // A send to a silo that left, or one past its timeout, is given up on (but still accepted should it answer first).
            foreach (var send in inFlight.Values)
            {
                if (send.Abandoned || collector.IsDone(send.Key.Chunk)) continue;
                if (_membership.IsActive(send.Silo) && DateTime.UtcNow - send.Started < _options.ChunkTimeout) continue;
                send.Abandoned = true;
                waiting.Enqueue(send.Key.Chunk);
                Raise(ChunkEventKind.Abandoned, send.Key, send.Silo);
            }
        }
        // Sends still out are duplicates by now; observe their failures so they are not reported as unobserved.
        foreach (var task in inFlight.Keys) _ = task.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        return collector.Assemble(request, jobs);
    }

    private IReadOnlyList<SiloAddress> Workers()
        => _options.TrainerRunsRollouts ? _membership.Active : _membership.Active.Where(a => !a.Equals(_membership.Self)).ToArray();

    /// <summary>
    /// The silo for the next send of a chunk: the least loaded one with room among the silos where this chunk has not
    /// failed, so a resend goes elsewhere (any silo once it has failed everywhere); null while none has room.
    /// </summary>
    private SiloAddress? Target(IReadOnlyList<SiloAddress> workers, IEnumerable<Send> inFlight, HashSet<SiloAddress>? failedBefore)
    {
        var candidates = failedBefore is null ? workers : workers.Where(w => !failedBefore.Contains(w)).ToArray();
        if (candidates.Count == 0) candidates = workers;
        var load = inFlight.Where(s => !s.Abandoned).GroupBy(s => s.Silo).ToDictionary(g => g.Key, g => g.Count());
        return candidates.Select(w => (Silo: w, Load: load.GetValueOrDefault(w)))
            .Where(w => w.Load < _options.ChunksInFlightPerWorker)
            .OrderBy(w => w.Load)
            .Select(w => w.Silo)
            .FirstOrDefault();
    }

    private async Task<ChunkResult> SendAsync(SiloAddress silo, ChunkWork work)
    {
        // Each send is a new activation (the key holds the attempt), placed on the chosen silo by the hint.
        RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
        try
        {
            return await _grains.GetGrain<IRolloutChunkGrain>(work.Key.ToString()).Run(work);
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private void Raise(ChunkEventKind kind, ChunkKey key, SiloAddress silo, string? error = null)
        => ChunkEvent?.Invoke(new ChunkEvent(kind, key, silo, error));

    /// <inheritdoc />
    public void Dispose() { }

    private sealed class Send(ChunkKey key, SiloAddress silo, DateTime started)
    {
        public ChunkKey Key { get; } = key;
        public SiloAddress Silo { get; } = silo;
        public DateTime Started { get; } = started;
        public bool Abandoned { get; set; }
    }
}
