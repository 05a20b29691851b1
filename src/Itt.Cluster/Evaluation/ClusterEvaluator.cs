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
/// duplicates are ignored; the values are placed by job identity, so θ is bit-identical to a local run's. A silo of
/// another build (<see cref="BuildIdentity"/>) refuses the chunks it is sent and gets no more work from this evaluator.
/// Runs inside the trainer's silo, which learns of a dead silo within seconds (an external client would wait for its
/// response timeout).
/// </summary>
public sealed class ClusterEvaluator : IEvaluator
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);
    private readonly IGrainFactory _grains;
    private readonly WorkerMembership _membership;
    private readonly string _configJson;
    private readonly string _build;
    private readonly HashSet<SiloAddress> _refused = []; // silos of another build, for the evaluator's lifetime
    private string? _refusal;
    // A silo whose sends fail is avoided by every chunk for a while, doubling with each failure in a row and carried
    // from one iteration to the next, so a worker that fails everything (say, without MuJoCo) costs a send now and then.
    private readonly Dictionary<SiloAddress, DateTime> _suspectUntil = [];
    private readonly Dictionary<SiloAddress, int> _failuresInARow = [];
    private readonly ClusterEvaluatorOptions _options;

    /// <summary>An evaluator for runs of <paramref name="config"/>, sending through <paramref name="grains"/> to the silos of <paramref name="membership"/>.</summary>
    public ClusterEvaluator(IGrainFactory grains, WorkerMembership membership, TrainingConfig config, ClusterEvaluatorOptions? options = null)
    {
        _options = options ?? new ClusterEvaluatorOptions();
        if (_options.Validate() is string problem) throw new ArgumentException(problem);
        _grains = grains;
        _membership = membership;
        _configJson = JsonSerializer.Serialize(config, Json.Options);
        _build = BuildIdentity.For(config.Environment);
    }

    /// <summary>Raised for every send, answer, failure and resend (on the evaluating thread).</summary>
    public event Action<ChunkEvent>? ChunkEvent;

    /// <summary>Chunk sends so far, resends included.</summary>
    public int Sent { get; private set; }

    /// <summary>Sends that were resends of a chunk lost, rejected or late.</summary>
    public int Resent { get; private set; }

    /// <summary>Answers ignored because their chunk was already in.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Cancels an evaluation in progress (<see cref="Evaluate"/> then throws <see cref="OperationCanceledException"/>): a stopped trainer does not wait for its chunks.</summary>
    public CancellationToken Stopping { get; set; }

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationRequest request) => EvaluateAsync(request, Stopping).GetAwaiter().GetResult();

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
        var failedOn = new Dictionary<int, Dictionary<SiloAddress, DateTime>>(); // chunk → silo → its last failure there
        var failures = new int[ranges.Length];
        var notBefore = new DateTime[ranges.Length]; // a failed chunk waits (doubling) before it is sent again
        string? lastError = null;
        var idleSince = DateTime.UtcNow;

        while (!collector.IsComplete)
        {
            var workers = Workers();
            if (workers.Count > 0) idleSince = DateTime.UtcNow;
            else if (DateTime.UtcNow - idleSince > _options.NoWorkerTimeout)
                throw new ClusterEvaluationException($"no worker silo was active for {_options.NoWorkerTimeout.TotalSeconds:0} s at iteration {request.Iteration + 1}"
                    + (_refusal is null ? "" : $" ({_refused.Count} refused as another build; last: {_refusal})"));

            var now = DateTime.UtcNow;
            for (int n = waiting.Count; n > 0; n--)
            {
                int chunk = waiting.Dequeue();
                if (collector.IsDone(chunk)) continue;
                if (now < notBefore[chunk]
                    || Target(workers, inFlight.Values, failedOn.GetValueOrDefault(chunk), now) is not SiloAddress target)
                {
                    waiting.Enqueue(chunk); // keeps its turn; others may go meanwhile
                    continue;
                }
                if (attempts[chunk] >= _options.MaxAttempts)
                    throw new ClusterEvaluationException($"chunk {chunk} of iteration {request.Iteration + 1} failed {attempts[chunk]} times; last error: {lastError}");
                var key = new ChunkKey(request.Iteration, chunk, attempts[chunk]++);
                inFlight[SendAsync(target, ChunkWork.For(request, _configJson, _build, key, ranges[chunk]))] = new Send(key, target, DateTime.UtcNow);
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
                    _failuresInARow.Remove(send.Silo);
                    bool taken = collector.Accept(task.Result);
                    if (!taken) Duplicates++;
                    Raise(taken ? ChunkEventKind.Completed : ChunkEventKind.Duplicate, send.Key, send.Silo);
                    continue;
                }
                var error = task.Exception?.GetBaseException();
                lastError = error?.Message ?? "cancelled";
                if (error is WorkerBuildMismatchException)
                {
                    _refused.Add(send.Silo);
                    _refusal = lastError;
                }
                Raise(error is WorkerBuildMismatchException ? ChunkEventKind.Refused : ChunkEventKind.Failed, send.Key, send.Silo, lastError);
                if (!failedOn.TryGetValue(send.Key.Chunk, out var failed)) failedOn[send.Key.Chunk] = failed = [];
                var failedAt = DateTime.UtcNow;
                failed[send.Silo] = failedAt;
                notBefore[send.Key.Chunk] = failedAt + _options.RetryAfter(++failures[send.Key.Chunk]);
                _suspectUntil[send.Silo] = failedAt + _options.RetryAfter(_failuresInARow[send.Silo] = _failuresInARow.GetValueOrDefault(send.Silo) + 1);
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
        => _membership.Active.Where(a => (_options.TrainerRunsRollouts || !a.Equals(_membership.Self)) && !_refused.Contains(a)).ToArray();

    /// <summary>
    /// The silo for the next send of a chunk: the least loaded one with room among the silos where this chunk has not
    /// failed and no send failed lately, so a resend goes elsewhere; once the chunk has failed everywhere, the silo where
    /// it failed longest ago (never straight back to the one that just refused it). Null while none qualifies.
    /// </summary>
    private SiloAddress? Target(IReadOnlyList<SiloAddress> workers, IEnumerable<Send> inFlight, Dictionary<SiloAddress, DateTime>? failedBefore,
        DateTime now)
    {
        var load = inFlight.Where(s => !s.Abandoned).GroupBy(s => s.Silo).ToDictionary(g => g.Key, g => g.Count());
        var open = workers.Where(w => load.GetValueOrDefault(w) < _options.ChunksInFlightPerWorker).ToArray();
        var healthy = open.Where(w => _suspectUntil.GetValueOrDefault(w) <= now).ToArray();
        var fresh = healthy.Where(w => failedBefore is null || !failedBefore.ContainsKey(w)).ToArray();
        if (fresh.Length > 0) return fresh.OrderBy(w => load.GetValueOrDefault(w)).First();
        if (workers.Any(w => failedBefore is null || !failedBefore.ContainsKey(w))) return null; // a silo it has not failed on will have room soon
        return healthy.OrderBy(w => failedBefore!.GetValueOrDefault(w)).Cast<SiloAddress?>().FirstOrDefault();
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
