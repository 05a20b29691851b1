using System.Reflection;
using System.Text.Json;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Work;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>One silo claims another build.</summary>
public sealed class OneSiloOfAnotherBuild : OneOddSilo
{
    public static string OtherBuild(string environment) => "Itt.Core 0.0.1+elsewhere; " + BuildIdentity.For(environment);

    protected override ChunkExecutor Odd() => new(1, OtherBuild);
}

/// <summary>Trainer and workers must run the same build; a worker of another build is refused work, never used.</summary>
public class BuildIdentityTests
{
    private static readonly TrainingConfig Config = new() { Environment = "CartPole-v1", Iterations = 3, Seed = 5, Perturbations = 6, Threads = 1 };

    [Fact]
    public void TheIdentityNamesTheRevisionOfEachRolloutAssemblyAndTheEnvironmentsFamily()
    {
        string training = typeof(JobRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        string cartPole = BuildIdentity.For("CartPole-v1"), hopper = BuildIdentity.For("Hopper-v4");
        Assert.Contains($"Itt.Training {training}", cartPole);
        Assert.Contains("Itt.Core ", cartPole);
        Assert.Contains("Itt.Policies ", cartPole);
        Assert.DoesNotContain("Itt.Environments.MuJoCo", cartPole); // classic control lives in Itt.Environments
        Assert.Contains("Itt.Environments.MuJoCo ", hopper);
        Assert.EndsWith(System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, cartPole);
        Assert.Equal(("Itt.Core 0.0.1+elsewhere", cartPole.Split("; ")[0]), BuildIdentity.FirstDifference(OneSiloOfAnotherBuild.OtherBuild("CartPole-v1"), cartPole));
    }

    [Fact]
    public void AWorkerRefusesAChunkOfAnotherBuildNamingTheDifference()
    {
        var architecture = EsTrainer.ArchitectureFor(Config);
        var noise = PerturbationBlock.Create(Config.Seed, 0, Config.Perturbations!.Value, architecture.ParameterCount);
        var request = new EvaluationRequest(0, EsTrainer.InitialTheta(Config, architecture.ParameterCount), Config.Sigma, noise, Antithetic: true, Center: false, 0);
        string json = JsonSerializer.Serialize(Config, Json.Options);
        var refusals = new List<string>();
        using var executor = new ChunkExecutor(1, OneSiloOfAnotherBuild.OtherBuild);
        executor.Refused += refusals.Add;
        var work = ChunkWork.For(request, json, BuildIdentity.For(Config.Environment), new ChunkKey(0, 0, 0), new ChunkRange(0, 2));
        var e = Assert.Throws<WorkerBuildMismatchException>(() => executor.Run(work, "w1"));
        Assert.StartsWith("worker w1 runs another build than the trainer (Itt.Core 0.0.1+elsewhere; the trainer: Itt.Core ", e.Message);
        Assert.Equal([e.Message], refusals);
        Assert.Equal(0, executor.OpenRuns); // refused before the run was opened

        using var same = new ChunkExecutor(1);
        Assert.Equal(2, same.Run(work, "w2").Values.Length);
    }

    [Fact]
    public void AWorkerKeepsTheRunsUsedLastAndReopensAnEvictedOneToTheSameValues()
    {
        using var executor = new ChunkExecutor(1);
        var configs = Enumerable.Range(1, 6).Select(seed => Config with { Seed = (ulong)seed }).ToArray();
        ChunkResult RunFirstChunk(TrainingConfig config)
        {
            var architecture = EsTrainer.ArchitectureFor(config);
            var noise = PerturbationBlock.Create(config.Seed, 0, config.Perturbations!.Value, architecture.ParameterCount);
            var request = new EvaluationRequest(0, EsTrainer.InitialTheta(config, architecture.ParameterCount), config.Sigma, noise, Antithetic: true, Center: false, 0);
            var work = ChunkWork.For(request, JsonSerializer.Serialize(config, Json.Options), BuildIdentity.For(config.Environment), new ChunkKey(0, 0, 0), new ChunkRange(0, 4));
            return executor.Run(work, "w");
        }
        var first = RunFirstChunk(configs[0]);
        foreach (var config in configs.Skip(1)) RunFirstChunk(config);
        Assert.Equal(4, executor.OpenRuns);
        var again = RunFirstChunk(configs[0]); // evicted by the four after it, so opened afresh
        Assert.Equal(Bits(first.Values), Bits(again.Values));
        Assert.Equal(first.Steps, again.Steps);
        Assert.Equal(4, executor.OpenRuns);
    }

    [Fact]
    public async Task ASiloOfAnotherBuildIsLeftOutAndThetaMatchesLocal()
    {
        var (events, odd, _) = await TrainBesideOneOddSiloAsync<OneSiloOfAnotherBuild>(Config);
        // The odd silo refused every chunk it was sent (those it had in flight too) and was sent none after its first refusal.
        var onOdd = events.Where(e => e.Silo.Equals(odd)).ToArray();
        var refused = onOdd.Where(e => e.Kind == ChunkEventKind.Refused).ToArray();
        Assert.NotEmpty(refused);
        Assert.All(refused, e => Assert.StartsWith($"worker {OneOddSilo.Name} runs another build than the trainer", e.Error));
        Assert.Equal(onOdd.Count(e => e.Kind == ChunkEventKind.Sent), refused.Length);
        Assert.All(onOdd, e => Assert.True(e.Kind is ChunkEventKind.Sent or ChunkEventKind.Refused, $"{e.Kind} on the odd silo"));
        Assert.True(Array.FindLastIndex(events, e => e.Kind == ChunkEventKind.Sent && e.Silo.Equals(odd)) < Array.FindIndex(events, e => e.Kind == ChunkEventKind.Refused));
        Assert.Equal(2, events.Where(e => e.Kind == ChunkEventKind.Completed).Select(e => e.Silo).Distinct().Count());
    }
}
