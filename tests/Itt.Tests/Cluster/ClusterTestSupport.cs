using System.Collections.Concurrent;
using System.Diagnostics;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Hosting;
using Itt.Cluster.Membership;
using Itt.Cluster.Work;
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

/// <summary>The silo named <see cref="Name"/> runs the executor <see cref="Odd"/> makes; the others are ordinary rollout workers.</summary>
public abstract class OneOddSilo : ISiloConfigurator
{
    public const string Name = "Secondary_1";

    protected abstract ChunkExecutor Odd();

    public void Configure(ISiloBuilder silo) => silo.Services.AddSingleton(services =>
        services.GetRequiredService<ILocalSiloDetails>().Name == Name ? Odd() : new ChunkExecutor(1));
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

    /// <summary>
    /// Trains <paramref name="config"/> on three silos, one of them <typeparamref name="TSilo"/>'s odd one, in chunks of one
    /// job; checks that θ is the local θ and returns every chunk event in order, the odd silo and the training's seconds.
    /// </summary>
    public static async Task<(ChunkEvent[] Events, SiloAddress Odd, double Seconds)> TrainBesideOneOddSiloAsync<TSilo>(TrainingConfig config)
        where TSilo : OneOddSilo, new()
    {
        var expected = Train(config);
        var cluster = await DeployAsync<TSilo>(3);
        try
        {
            var odd = Assert.Single(cluster.SecondarySilos, s => s.Name == OneOddSilo.Name).SiloAddress;
            var (evaluator, membership) = EvaluatorOnPrimary(cluster, config, new ClusterEvaluatorOptions { ChunkSize = 1 });
            var events = new ConcurrentQueue<ChunkEvent>();
            evaluator.ChunkEvent += events.Enqueue;
            var clock = Stopwatch.StartNew();
            using (membership) Assert.Equal(Bits(expected), Bits(Train(config, evaluator)));
            return (events.ToArray(), odd, clock.Elapsed.TotalSeconds);
        }
        finally { await cluster.DisposeAsync(); }
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
