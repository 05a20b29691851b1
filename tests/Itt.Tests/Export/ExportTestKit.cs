using Itt.Environments.Registry;
using Itt.Export;
using Itt.Policies;
using Itt.Training;
using Itt.Training.Configuration;
using Xunit;

namespace Itt.Tests.Export;

/// <summary>Policies and observations shared by the export tests.</summary>
internal static class ExportTestKit
{
    /// <summary>Hidden layers on every network, so ReLU and layer order are exercised, not just one matrix.</summary>
    public static readonly LayerOptions Layers = new(Width: 16, Latent: 8, StateLayers: 2, ActionLayers: 2, NetworkLayers: 3);

    /// <summary>A policy with the Gaussian θ₀ a run starts from (seed 3) and A* of N = 1000 drawn from seed 7.</summary>
    public static FrozenPolicy Policy(string environment, PolicyKind kind, ObservationNormalization? normalization = null)
    {
        var config = new TrainingConfig { Environment = environment, Policy = kind, Seed = 3, Layers = Layers };
        var architecture = EsTrainer.ArchitectureFor(config);
        return FrozenPolicy.Create(architecture, EsTrainer.InitialTheta(config, architecture.ParameterCount), 1000, 7, normalization);
    }

    /// <summary>
    /// The first <paramref name="count"/> observations of episodes (env seeds 0, 1, …) driven by <paramref name="policy"/>.
    /// </summary>
    public static float[][] Observations(string environment, FrozenPolicy policy, int count)
    {
        using var env = EnvironmentRegistry.Make(environment);
        var observations = new List<float[]>();
        for (ulong seed = 0; observations.Count < count; seed++)
            PolicyRollout.Run(env, seed, (o, a) => { if (observations.Count < count) policy.Act(o, a); else a.Clear(); },
                o => { if (observations.Count < count) observations.Add(o.ToArray()); });
        return observations.ToArray();
    }

    /// <summary>Per-dimension mean and std of <paramref name="observations"/>, frozen as a normaliser clipped at 5.</summary>
    public static ObservationNormalization Normalizer(float[][] observations)
    {
        int n = observations[0].Length;
        var mean = new float[n];
        var std = new float[n];
        for (int j = 0; j < n; j++)
        {
            double m = observations.Average(o => (double)o[j]);
            mean[j] = (float)m;
            std[j] = (float)Math.Max(1e-3, Math.Sqrt(observations.Average(o => (o[j] - m) * (o[j] - m))));
        }
        return new ObservationNormalization(mean, std, 5f);
    }
}

/// <summary>A theory that is skipped (not failed) where the Box2D shim of the LunarLander tasks is not built.</summary>
public sealed class Box2DTheoryAttribute : TheoryAttribute
{
    public Box2DTheoryAttribute()
    {
        if (EnvironmentRegistry.Get("LunarLanderContinuous-v3").MissingDependency?.Invoke() is string why) Skip = why;
    }
}
