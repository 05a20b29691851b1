using Itt.Cluster.Evaluation;
using Itt.Cluster.Hosting;
using Itt.Cluster.Membership;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.TestingHost;

namespace Itt.Tests.Cluster;

/// <summary>Every silo of the test cluster runs chunks on one thread.</summary>
public sealed class RolloutSilo : ISiloConfigurator
{
    public void Configure(ISiloBuilder siloBuilder) => siloBuilder.AddRolloutWorker(threads: 1);
}

public static class ClusterTestSupport
{
    public static Task<TestCluster> DeployAsync(int silos) => DeployAsync<RolloutSilo>(silos);

    public static async Task<TestCluster> DeployAsync<TSilo>(int silos) where TSilo : ISiloConfigurator, new()
    {
        var builder = new TestClusterBuilder((short)silos);
        builder.AddSiloBuilderConfigurator<TSilo>();
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>An evaluator running inside the primary silo, as the trainer does.</summary>
    public static (ClusterEvaluator Evaluator, WorkerMembership Membership) EvaluatorOnPrimary(TestCluster cluster, TrainingConfig config, ClusterEvaluatorOptions? options = null)
    {
        var services = cluster.GetSiloServiceProvider(cluster.Primary!.SiloAddress);
        var membership = new WorkerMembership(services.GetRequiredService<IClusterMembershipService>(), cluster.Primary.SiloAddress);
        return (new ClusterEvaluator(services.GetRequiredService<IGrainFactory>(), membership, config, options), membership);
    }

    public static double[] Train(TrainingConfig config, IEvaluator? evaluator = null)
    {
        using var trainer = new EsTrainer(config, evaluator);
        while (trainer.Iteration < config.Iterations) trainer.Step();
        return trainer.Theta.ToArray();
    }

    public static long[] Bits(IEnumerable<double> values) => values.Select(BitConverter.DoubleToInt64Bits).ToArray();
}
