using System.Collections.Concurrent;
using Itt.Policies;
using Itt.Training.Configuration;

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

    /// <summary>Creates an evaluator with <paramref name="threads"/> threads (0: one per core).</summary>
    public LocalEvaluator(TrainingConfig config, PolicyArchitecture architecture, PolicyOptions options, int threads = 0)
    {
        _config = config;
        _architecture = architecture;
        _options = options;
        _threads = threads > 0 ? threads : System.Environment.ProcessorCount;
    }

    /// <summary>Threads used.</summary>
    public int Threads => _threads;

    /// <inheritdoc />
    public EvaluationResult Evaluate(EvaluationRequest request)
    {
        var jobs = request.Jobs();
        var values = new double[jobs.Count];
        var steps = new long[jobs.Count];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = _threads },
            () => _workers.TryTake(out var w) ? w : new RolloutWorker(_config.Environment, _architecture, _options),
            (j, _, worker) =>
            {
                (values[j], steps[j]) = JobRunner.Run(worker, _config, request, jobs[j]);
                return worker;
            },
            worker => _workers.Add(worker));
        return JobRunner.Assemble(request, jobs, values, steps.Sum());
    }

    /// <inheritdoc />
    public void Dispose()
    {
        while (_workers.TryTake(out var w)) w.Dispose();
    }
}
