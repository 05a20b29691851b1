using Itt.Training.Estimation;
using Itt.Training.Normalization;

namespace Itt.Training.Evaluation;

/// <summary>What one iteration needs evaluated.</summary>
/// <param name="Iteration">Iteration index (keys every random stream).</param>
/// <param name="Theta">Current θ.</param>
/// <param name="Sigma">σ.</param>
/// <param name="Noise">The perturbation block.</param>
/// <param name="Antithetic">Evaluate θ − σε_i too.</param>
/// <param name="Center">Evaluate θ itself for the forward-difference estimator.</param>
/// <param name="IterationEvaluationEpisodes">Episodes of θ for the learning curve.</param>
/// <param name="Normalizer">The iteration's frozen observation normaliser, or null when observations are not normalised;
/// when set, the result also carries the statistics of the training rollouts' observations.</param>
public sealed record EvaluationRequest(int Iteration, double[] Theta, double Sigma, PerturbationBlock Noise,
    bool Antithetic, bool Center, int IterationEvaluationEpisodes, ObservationNormalizer? Normalizer = null)
{
    /// <summary>The jobs of this request in their canonical order.</summary>
    public IReadOnlyList<RolloutJob> Jobs()
    {
        var jobs = new List<RolloutJob>();
        for (int i = 0; i < Noise.Count; i++)
        {
            jobs.Add(new(JobKind.Plus, i));
            if (Antithetic) jobs.Add(new(JobKind.Minus, i));
        }
        if (Center) jobs.Add(new(JobKind.Center, 0));
        for (int e = 0; e < IterationEvaluationEpisodes; e++) jobs.Add(new(JobKind.Evaluation, e));
        return jobs;
    }
}

/// <summary>Returns F for every job of a request, each the mean over its episodes.</summary>
/// <param name="Plus">F(θ + σε_i).</param>
/// <param name="Minus">F(θ − σε_i) (empty unless antithetic).</param>
/// <param name="Center">F(θ) for the forward-difference estimator (NaN when not requested).</param>
/// <param name="Evaluations">Returns of the evaluation episodes of θ.</param>
/// <param name="EnvironmentSteps">Environment steps taken by all jobs.</param>
/// <param name="Observations">Statistics of the observations the training rollouts acted on, merged in job order (only when the request had a normaliser).</param>
public sealed record EvaluationResult(double[] Plus, double[] Minus, double Center, double[] Evaluations, long EnvironmentSteps,
    ObservationStatistics? Observations = null);

/// <summary>Evaluates the rollouts of an iteration; local and distributed implementations are interchangeable.</summary>
public interface IEvaluator : IDisposable
{
    /// <summary>Runs every job of <paramref name="request"/>.</summary>
    EvaluationResult Evaluate(EvaluationRequest request);
}
