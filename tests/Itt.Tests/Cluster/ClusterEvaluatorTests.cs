using System.Collections.Concurrent;
using Itt.Cluster.Evaluation;
using Itt.Training;
using Itt.Training.Configuration;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>The distributed evaluator on an in-process Orleans test cluster: same θ as local, lost silos survived.</summary>
public class ClusterEvaluatorTests
{
    private static readonly TrainingConfig Config = new() { Environment = "CartPole-v1", Iterations = 4, Seed = 11, Perturbations = 10, Threads = 1 };

    [Fact]
    public async Task ThetaIsBitIdenticalForLocalOneAndTwoThreadsOneSiloAndThreeSilos()
    {
        var local1 = Train(Config with { Threads = 1 });
        var local2 = Train(Config with { Threads = 2 });
        Assert.Equal(Bits(local1), Bits(local2));

        var one = await DeployAsync(1);
        try
        {
            var (evaluator, membership) = EvaluatorOnPrimary(one, Config, new ClusterEvaluatorOptions { ChunkSize = 3 });
            using (membership) Assert.Equal(Bits(local1), Bits(Train(Config, evaluator)));
        }
        finally { await one.DisposeAsync(); }

        var three = await DeployAsync(3);
        try
        {
            foreach (int? chunkSize in new int?[] { null, 1, 7 }) // null: automatic
            {
                var (evaluator, membership) = EvaluatorOnPrimary(three, Config, new ClusterEvaluatorOptions { ChunkSize = chunkSize });
                var silos = new ConcurrentDictionary<string, int>();
                evaluator.ChunkEvent += e => { if (e.Kind == ChunkEventKind.Completed) silos.AddOrUpdate(e.Silo.ToString(), 1, (_, n) => n + 1); };
                using (membership) Assert.Equal(Bits(local1), Bits(Train(Config, evaluator)));
                Assert.Equal(3, silos.Count); // the work really was spread
            }

            // A worker that rejects a chunk (here: it cannot make the environment) has it resent to another silo.
            TestEnvironments.Register();
            var flaky = Config with { Environment = TestEnvironments.RejectOnce };
            var expected = Train(flaky);
            var (flakyEvaluator, flakyMembership) = EvaluatorOnPrimary(three, flaky, new ClusterEvaluatorOptions { ChunkSize = 2 });
            var events = new ConcurrentQueue<ChunkEvent>();
            flakyEvaluator.ChunkEvent += events.Enqueue;
            using (flakyMembership)
            using (var trainer = new EsTrainer(flaky, flakyEvaluator))
            {
                TestEnvironments.ArmRejection(); // the trainer has made its environment: the next one is a worker's
                while (trainer.Iteration < flaky.Iterations) trainer.Step();
                Assert.Equal(Bits(expected), Bits(trainer.Theta.ToArray()));
            }
            var failed = Assert.Single(events, e => e.Kind == ChunkEventKind.Failed);
            Assert.Contains("cannot make the environment", failed.Error);
            var retry = Assert.Single(events, e => e.Kind == ChunkEventKind.Completed && e.Key with { Attempt = 0 } == failed.Key with { Attempt = 0 });
            Assert.Equal(1, retry.Key.Attempt);
            Assert.NotEqual(failed.Silo, retry.Silo);
        }
        finally { await three.DisposeAsync(); }
    }

    [Fact]
    public async Task ASiloKilledMidIterationLosesNothingAndThetaMatchesLocal()
    {
        TestEnvironments.Register();
        var config = Config with { Environment = TestEnvironments.Gated, Perturbations = 12, Iterations = 3 };
        var expected = Train(config with { Threads = 2 });

        var cluster = await DeployAsync(3);
        try
        {
            var victim = cluster.SecondarySilos[0];
            // Room for every chunk at once, so a chunk lost with the victim is sent again while the gate still holds every
            // rollout: an in-process silo that was killed may still answer once the gate opens, and must not beat the resend.
            var options = new ClusterEvaluatorOptions { ChunkSize = 2, ChunkTimeout = TimeSpan.FromSeconds(60), ChunksInFlightPerWorker = 13 };
            var (evaluator, membership) = EvaluatorOnPrimary(cluster, config, options);
            var completed = new ConcurrentBag<(int Iteration, int Chunk)>();
            var lost = new ConcurrentBag<ChunkEvent>();
            using var victimHasWork = new ManualResetEventSlim();
            using var victimLost = new ManualResetEventSlim();
            using var lostChunkResent = new ManualResetEventSlim();
            evaluator.ChunkEvent += e =>
            {
                if (e.Kind == ChunkEventKind.Completed) completed.Add((e.Key.Iteration, e.Key.Chunk));
                if (e.Kind == ChunkEventKind.Sent && e.Key.Iteration == 1 && e.Silo.Equals(victim.SiloAddress)) victimHasWork.Set();
                if (e.Kind == ChunkEventKind.Sent && e.Key.Attempt > 0) lostChunkResent.Set();
                if (e.Kind is ChunkEventKind.Failed or ChunkEventKind.Abandoned && e.Silo.Equals(victim.SiloAddress))
                {
                    lost.Add(e);
                    victimLost.Set();
                }
            };
            using (membership)
            using (var trainer = new EsTrainer(config, evaluator))
            {
                trainer.Step();
                // Iteration 1 starts with every rollout held at the gate, so the victim dies holding its chunks.
                TestEnvironments.Gate.Reset();
                var step = Task.Run(trainer.Step);
                try
                {
                    Assert.True(victimHasWork.Wait(TimeSpan.FromSeconds(30)), "the victim was sent a chunk");
                    await cluster.KillSiloAsync(victim);
                    Assert.True(victimLost.Wait(TimeSpan.FromSeconds(60)), "the evaluator saw the victim's chunk lost");
                    Assert.True(lostChunkResent.Wait(TimeSpan.FromSeconds(60)), "the lost chunk was sent again");
                }
                finally
                {
                    TestEnvironments.Gate.Set();
                }
                await step;
                while (trainer.Iteration < config.Iterations) trainer.Step();
                Assert.Equal(Bits(expected), Bits(trainer.Theta.ToArray()));
            }

            Assert.True(evaluator.Resent >= 1 && evaluator.Sent == 39 + evaluator.Resent,
                $"a chunk lost with the silo was sent again ({lost.Count} lost, {evaluator.Sent} sent, {evaluator.Duplicates} duplicates)");
            Assert.All(lost, e => Assert.Equal(1, e.Key.Iteration));
            // Every chunk of every iteration was taken exactly once (25 jobs in chunks of 2: 13 chunks).
            Assert.Equal(Enumerable.Range(0, 3).SelectMany(i => Enumerable.Range(0, 13).Select(c => (i, c))).Order(), completed.Order());
        }
        finally { await cluster.DisposeAsync(); }
    }
}
