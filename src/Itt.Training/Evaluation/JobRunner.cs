using Itt.Training.Configuration;
using Itt.Training.Normalization;

namespace Itt.Training.Evaluation;

/// <summary>Runs one job on a worker: the rule every evaluator, local or remote, applies.</summary>
public static class JobRunner
{
    /// <summary>
    /// F of <paramref name="job"/> (mean over the configured episodes) and its environment steps. With a normaliser in the
    /// request, <paramref name="observations"/> (when given) counts what a training job's policy saw; evaluation episodes do not count.
    /// </summary>
    public static (double Value, long Steps) Run(RolloutWorker worker, TrainingConfig config, EvaluationRequest request, RolloutJob job,
        ObservationStatistics? observations = null)
    {
        var epsilon = job.Sign == 0 ? ReadOnlySpan<double>.Empty : request.Noise.Row(job.Index);
        worker.Load(request.Theta, epsilon, job.Sign * request.Sigma);
        int episodes = job.Kind == JobKind.Evaluation ? 1 : config.EpisodesPerRollout;
        double sum = 0;
        long steps = 0;
        for (int e = 0; e < episodes; e++)
        {
            var (ret, n) = worker.RunEpisode(job.EnvironmentSeed(config.Seed, request.Iteration, e),
                job.PolicyRandom(config.Seed, request.Iteration, e), RolloutJob.CandidateSetKey(config.Seed, request.Iteration),
                request.Normalizer, job.Kind == JobKind.Evaluation ? null : observations);
            sum += ret;
            steps += n;
        }
        return (sum / episodes, steps);
    }

    /// <summary>Places the values of <paramref name="jobs"/> into a result, by job identity rather than arrival order.</summary>
    public static EvaluationResult Assemble(EvaluationRequest request, IReadOnlyList<RolloutJob> jobs, ReadOnlySpan<double> values, long steps,
        ObservationStatistics? observations = null)
    {
        var plus = new double[request.Noise.Count];
        var minus = new double[request.Antithetic ? request.Noise.Count : 0];
        var evaluations = new double[request.IterationEvaluationEpisodes];
        double center = double.NaN;
        for (int j = 0; j < jobs.Count; j++)
        {
            var job = jobs[j];
            switch (job.Kind)
            {
                case JobKind.Plus: plus[job.Index] = values[j]; break;
                case JobKind.Minus: minus[job.Index] = values[j]; break;
                case JobKind.Center: center = values[j]; break;
                case JobKind.Evaluation: evaluations[job.Index] = values[j]; break;
            }
        }
        return new EvaluationResult(plus, minus, center, evaluations, steps, observations);
    }
}
