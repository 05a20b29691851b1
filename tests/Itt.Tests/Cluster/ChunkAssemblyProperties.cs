using FsCheck;
using FsCheck.Xunit;
using Itt.Cluster.Work;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Estimation;
using Itt.Training.Evaluation;
using System.Text.Json;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>Chunking and completion order cannot change the assembled result: checked against the local evaluator.</summary>
public class ChunkAssemblyProperties
{
    private static readonly TrainingConfig Config = new() { Environment = "CartPole-v1", Seed = 21, Perturbations = 9, Threads = 1, IterationEvaluationEpisodes = 2 };
    private static readonly string ConfigJson = JsonSerializer.Serialize(Config, Json.Options);
    private static readonly string Build = BuildIdentity.For(Config.Environment);
    private static readonly ChunkExecutor Executor = new(threads: 1);
    private static readonly EvaluationRequest Request = MakeRequest();
    private static readonly EvaluationResult Local = LocalResult();

    private static EvaluationRequest MakeRequest()
    {
        var architecture = EsTrainer.ArchitectureFor(Config);
        var theta = EsTrainer.InitialTheta(Config, architecture.ParameterCount);
        var noise = PerturbationBlock.Create(Config.Seed, 3, Config.Perturbations!.Value, architecture.ParameterCount);
        return new EvaluationRequest(3, theta, Config.Sigma, noise, Antithetic: true, Center: false, Config.IterationEvaluationEpisodes);
    }

    private static EvaluationResult LocalResult()
    {
        using var local = new LocalEvaluator(Config, EsTrainer.ArchitectureFor(Config), Config.PolicyOptions(), 2);
        return local.Evaluate(Request);
    }

    [Property(MaxTest = 60)]
    public bool AnyChunkingAndAnyCompletionOrderWithDuplicatesGivesTheLocalResult(PositiveInt size, int shuffle, NonNegativeInt duplicates)
    {
        var jobs = Request.Jobs();
        var ranges = ChunkPlan.Split(jobs.Count, 1 + (size.Get - 1) % jobs.Count);
        Assert.Equal(jobs.Count, ranges.Sum(r => r.Count));
        var random = new Random(shuffle); // test-only: drives the arrival order, never a value
        var arrivals = Enumerable.Range(0, ranges.Length)
            .Concat(Enumerable.Range(0, duplicates.Get % 5).Select(_ => random.Next(ranges.Length)))
            .OrderBy(_ => random.Next()).ToArray();
        var collector = new ChunkCollector(jobs.Count, ranges);
        var attempts = new int[ranges.Length];
        foreach (int chunk in arrivals)
        {
            var key = new ChunkKey(Request.Iteration, chunk, attempts[chunk]++);
            collector.Accept(Executor.Run(ChunkWork.For(Request, ConfigJson, Build, key, ranges[chunk]), "test"));
        }
        var result = collector.Assemble(Request, jobs);
        return collector.Duplicates == arrivals.Length - ranges.Length
            && Bits(result.Plus).SequenceEqual(Bits(Local.Plus))
            && Bits(result.Minus).SequenceEqual(Bits(Local.Minus))
            && Bits(result.Evaluations).SequenceEqual(Bits(Local.Evaluations))
            && result.EnvironmentSteps == Local.EnvironmentSteps;
    }

    [Fact]
    public void AnIncompleteIterationCannotBeAssembled()
    {
        var jobs = Request.Jobs();
        var ranges = ChunkPlan.Split(jobs.Count, 4);
        var collector = new ChunkCollector(jobs.Count, ranges);
        collector.Accept(Executor.Run(ChunkWork.For(Request, ConfigJson, Build, new ChunkKey(3, 0, 0), ranges[0]), "test"));
        Assert.False(collector.IsComplete);
        Assert.Equal(Enumerable.Range(1, ranges.Length - 1), collector.Missing());
        Assert.Throws<InvalidOperationException>(() => collector.Assemble(Request, jobs));
    }
}
