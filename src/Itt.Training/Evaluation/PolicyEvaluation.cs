using Itt.Core.Random;
using Itt.Environments;
using Itt.Policies;
using Itt.Training.Configuration;
using Itt.Training.Normalization;

namespace Itt.Training.Evaluation;

/// <summary>Runs K episodes of a fixed θ in parallel (for <c>itt eval</c> and final results).</summary>
public static class PolicyEvaluation
{
    /// <summary>The seed of a run's final evaluation: derived from the run seed, apart from every training stream.</summary>
    public static ulong FinalSeed(ulong runSeed) => runSeed ^ 0xF1A1UL;

    /// <summary>
    /// Returns of <paramref name="episodes"/> episodes of θ, episode e seeded from (<paramref name="seed"/>, e), in environments
    /// made by <paramref name="environments"/> (null: the registry's, by the configuration's id), seen through <paramref name="normalizer"/> when given.
    /// </summary>
    public static double[] Run(TrainingConfig config, PolicyArchitecture architecture, ReadOnlySpan<double> theta,
        int episodes, ulong seed, int threads = 0, Func<Env>? environments = null, ObservationNormalizer? normalizer = null)
        => Array.ConvertAll(Episodes(config, architecture, theta, episodes, seed, threads, environments, normalizer), e => e.Return);

    /// <summary>The episodes of <see cref="Run"/>, each with its length in environment steps.</summary>
    public static (double Return, int Steps)[] Episodes(TrainingConfig config, PolicyArchitecture architecture, ReadOnlySpan<double> theta,
        int episodes, ulong seed, int threads = 0, Func<Env>? environments = null, ObservationNormalizer? normalizer = null)
    {
        var make = environments ?? EnvironmentFactory.For(config);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), "episodes must be at least 1");
        var options = config.PolicyOptions(inference: true);
        var outcomes = new (double Return, int Steps)[episodes];
        var thetaCopy = theta.ToArray();
        Parallel.For(0, episodes, new ParallelOptions { MaxDegreeOfParallelism = threads > 0 ? threads : Environment.ProcessorCount },
            () => new RolloutWorker(make, architecture, options),
            (e, _, worker) =>
            {
                worker.Load(thetaCopy, ReadOnlySpan<double>.Empty, 0);
                outcomes[e] = worker.RunEpisode(StreamKey.Mix(seed, (ulong)e), new CounterRng(seed, StreamPurpose.EvaluationPolicy, -1, e),
                    RolloutJob.CandidateSetKey(seed, -1), normalizer);
                return worker;
            },
            worker => worker.Dispose());
        return outcomes;
    }
}
