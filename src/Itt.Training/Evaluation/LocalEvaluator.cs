using System.Collections.Concurrent;
using Itt.Environments;
using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Normalization;

namespace Itt.Training.Evaluation;

/// <summary>
/// Evaluates rollouts on threads of this process. Each job writes its own slot, so the result is the same for
/// any thread count and any scheduling.
/// </summary>
public sealed class LocalEvaluator : IEvaluator
{
    private readonly TrainingConfig _config;
    private readonly PolicyArchitecture _architecture;
    private readonly PolicyOptions _options;
    private readonly ConcurrentBag<RolloutWorker> _workers = [];
    private readonly int _threads;
    private readonly Func<Env> _environments;

    /// <summary>
    /// Creates an evaluator with <paramref name="threads"/> threads (0: one per core). Each thread makes its environment
    /// with <paramref name="environments"/>, or from the registry by the configuration's id when it is null.
    /// </summary>
    public LocalEvaluator(TrainingConfig config, PolicyArchitecture architecture, PolicyOptions options, int threads = 0,
        Func<Env>? environments = null)
    {
        _environments = environments ?? EnvironmentFactory.For(config);
        _config = config;
        _architecture = architecture;
        _options = options;
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
    }

    /// <summary>Threads used.</summary>
    public int Threads => _threads;

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationRequest request)
    {
        var jobs = request.Jobs();
        var perJob = request.Normalizer is { } n ? Enumerable.Range(0, jobs.Count).Select(_ => new ObservationStatistics(n.Size)).ToArray() : null;
        var (values, steps) = Run(request, jobs, 0, jobs.Count, perJob);
        ObservationStatistics? observations = null;
        if (perJob is not null)
        {
            observations = new ObservationStatistics(request.Normalizer!.Size);
            foreach (var s in perJob) observations.Merge(s); // job order: the same bits for any thread count
        }
        return JobRunner.Assemble(request, jobs, values, steps.Sum(), observations);
    }

    /// <summary>
    /// Runs the <paramref name="count"/> jobs of <paramref name="jobs"/> from <paramref name="first"/> on; value k and
    /// steps k belong to job first + k. A distributed worker runs its chunk of a request through this.
    /// </summary>
    public (double[] Values, long[] Steps) Run(EvaluationRequest request, IReadOnlyList<RolloutJob> jobs, int first, int count)
        => Run(request, jobs, first, count, null);

    private (double[] Values, long[] Steps) Run(EvaluationRequest request, IReadOnlyList<RolloutJob> jobs, int first, int count,
        ObservationStatistics[]? observations)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (first + count > jobs.Count) throw new ArgumentOutOfRangeException(nameof(count), $"jobs {first}..{first + count - 1} of {jobs.Count}");
        var values = new double[count];
        var steps = new long[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            () => _workers.TryTake(out var w) ? w : new RolloutWorker(_environments, _architecture, _options),
            (k, _, worker) =>
            {
                (values[k], steps[k]) = JobRunner.Run(worker, _config, request, jobs[first + k], observations?[k]);
                return worker;
            },
            worker => _workers.Add(worker));
        return (values, steps);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_workers.TryTake(out var w)) w.Dispose();
    }
}
