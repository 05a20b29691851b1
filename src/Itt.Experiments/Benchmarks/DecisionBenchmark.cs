using System.Diagnostics;
using Itt.Core.Random;
using Itt.Environments.Registry;
using Itt.Environments.Spaces;
using Itt.Policies;
using Itt.Training.Evaluation;
using Itt.Experiments.Statistics;

namespace Itt.Experiments.Benchmarks;

/// <summary>
/// Per-step decision time (<see cref="Policy.Act"/>) of several variants on the same recorded observations, in
/// episodes of a fixed length; variants are interleaved within every repeat so machine noise hits them alike.
/// </summary>
public static class DecisionBenchmark
{
    /// <summary>Median and minimum microseconds per decision of one variant.</summary>
    public sealed record Result(string Label, int Parameters, double MedianMicroseconds, double MinMicroseconds);

    /// <summary>Times every variant; <paramref name="episodeLength"/> steps share one BeginEpisode (and so one A* when fixed).</summary>
    public static IReadOnlyList<Result> Run(IReadOnlyList<Variant> variants, int steps, int repeats, int episodeLength = 1000)
    {
        string envId = variants[0].Config.Environment;
        var observations = RecordObservations(envId, steps);
        var policies = variants.Select(v =>
        {
            var architecture = v.Architecture();
            var policy = Policy.Create(architecture, v.Config.PolicyOptions());
            var theta = new float[architecture.ParameterCount];
            var rng = new CounterRng(7, StreamPurpose.User);
            for (int k = 0; k < theta.Length; k++) theta[k] = (float)rng.NextGaussian();
            policy.Bind(theta);
            return policy;
        }).ToArray();
        var times = variants.Select(_ => new List<double>()).ToArray();
        var action = new float[16];
        // Warm up for a while rather than a count: tiered compilation promotes hot methods to optimised code only
        // after a delay, and a short warm-up would leave the measurement on unoptimised code.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed.TotalSeconds < 0.5)
            foreach (var policy in policies)
            {
                policy.BeginEpisode(new CounterRng(5, StreamPurpose.User), 5);
                for (int t = 0; t < Math.Min(200, observations.Count); t++) policy.Act(observations[t], action);
            }
        Thread.Sleep(200); // let the background compiler finish
        for (int rep = 0; rep < repeats; rep++)
        {
            for (int p = 0; p < policies.Length; p++)
            {
                var clock = Stopwatch.StartNew();
                for (int t = 0; t < observations.Count; t++)
                {
                    if (t % episodeLength == 0)
                        policies[p].BeginEpisode(new CounterRng(11, StreamPurpose.User, rep, t), RolloutJob.CandidateSetKey(11, t / episodeLength));
                    policies[p].Act(observations[t], action);
                }
                times[p].Add(clock.Elapsed.TotalMicroseconds / observations.Count);
            }
        }
        return variants.Select((v, p) => new Result(v.Label, policies[p].Architecture.ParameterCount,
            Summary.Median(times[p]), times[p].Min())).ToArray();
    }

    /// <summary>Observations of an environment driven by uniform random actions.</summary>
    public static List<float[]> RecordObservations(string environmentId, int steps)
    {
        using var env = EnvironmentRegistry.Make(environmentId);
        var list = new List<float[]>(steps);
        var obs = new float[env.ObservationSpace.Dimension];
        var action = new float[env.ActionSpace.Dimension];
        var rng = new CounterRng(3, StreamPurpose.User);
        env.Reset(1, obs);
        while (list.Count < steps)
        {
            list.Add((float[])obs.Clone());
            if (env.ActionSpace is DiscreteSpace d) action[0] = rng.NextInt(d.Count);
            else for (int j = 0; j < action.Length; j++) action[j] = (float)rng.Uniform(-1, 1);
            if (env.Step(action, obs).Done) env.Reset(null, obs);
        }
        return list;
    }
}
