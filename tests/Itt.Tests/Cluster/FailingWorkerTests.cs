using Itt.Cluster.Evaluation;
using Itt.Cluster.Work;
using Itt.Training.Configuration;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>One silo fails every chunk, as a worker without the environment's library would.</summary>
public sealed class OneBrokenSilo : OneOddSilo
{
    protected override ChunkExecutor Odd() => new(1, _ => throw new InvalidOperationException("cannot make the environment here"));
}

public class FailingWorkerTests
{
    [Fact]
    public async Task AWorkerThatFailsEverythingIsTriedLessAndLessOftenAcrossIterations()
    {
        var config = new TrainingConfig { Environment = "CartPole-v1", Iterations = 20, Seed = 8, Perturbations = 6, Threads = 1 };
        var (events, broken, seconds) = await TrainBesideOneOddSiloAsync<OneBrokenSilo>(config);
        var sent = events.Count(e => e.Kind == ChunkEventKind.Sent && e.Silo.Equals(broken));
        Assert.Equal(sent, events.Count(e => e.Kind == ChunkEventKind.Failed && e.Silo.Equals(broken)));
        Assert.All(events.Where(e => e.Kind == ChunkEventKind.Failed), e => Assert.Contains("cannot make the environment here", e.Error));
        // Avoided 0.5 s, 1 s, 2 s … after each failure in a row, iteration after iteration: within t seconds at most
        // 1 + log2(2t + 1) sends, plus the second chunk it may hold when the first fails. Forgetting the failures at
        // each iteration, as before, sent it at least one chunk in each of the 20.
        double bound = 2 + Math.Log2(2 * seconds + 1);
        Assert.True(sent >= 1 && sent <= bound, $"{sent} sends to the broken silo in {seconds:0.0} s (bound {bound:0.0})");
    }
}
