using System.CommandLine;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Hosting;
using Itt.Training.Presets;
using Itt.Training;
using Itt.Training.Configuration;
using Itt.Training.Evaluation;
using Itt.Experiments.Statistics;

namespace Itt.Cli.Commands;

/// <summary>
/// <c>itt bench cluster</c>: what the cluster costs and what it buys on this machine. Per-iteration time of the local
/// evaluator against the cluster evaluator with only the trainer's silo (the overhead of chunks, grain calls and
/// serialisation), then steps/s with 1, 2, 4… worker processes doing all the rollouts. Contenders alternate within each
/// repeat; medians and ratios are reported, and every run is checked to end at the local θ, bit for bit.
/// </summary>
public static class ClusterBenchCommand
{
    /// <summary>Builds the subcommand.</summary>
    public static Command Create(CliContext context)
    {
        var env = new Option<string>("--env") { Description = "Environment id (default: ITT with N = 1,000 candidates per step, rollouts of about 1 ms).", DefaultValueFactory = _ => "MountainCarContinuous-v0" };
        var perturbations = new Option<int>("--perturbations", "-M") { Description = "Perturbations per iteration.", DefaultValueFactory = _ => 32 };
        var iterations = new Option<int>("--iterations") { Description = "Iterations per repeat.", DefaultValueFactory = _ => 5 };
        var repeats = new Option<int>("--repeats") { Description = "Repeats (the median is reported).", DefaultValueFactory = _ => 3 };
        var workers = new Option<int[]>("--workers") { Description = "Worker process counts to measure.", DefaultValueFactory = _ => [1, 2, 4], AllowMultipleArgumentsPerToken = true };
        var threads = new Option<int>("--threads") { Description = "Rollout threads of the local evaluator, the trainer's silo and each worker.", DefaultValueFactory = _ => 1 };
        var command = new Command("cluster", "Cluster overhead against the local evaluator, and throughput with 1, 2 and 4 worker processes.")
            { env, perturbations, iterations, repeats, workers, threads };
        command.SetAction(parse =>
        {
            int m = parse.GetValue(perturbations), k = parse.GetValue(iterations), r = parse.GetValue(repeats), t = parse.GetValue(threads);
            var counts = parse.GetValue(workers)!;
            if (m < 1 || k < 1 || r < 1 || t < 1 || counts.Length == 0 || counts.Any(n => n < 1))
                throw new UsageException("--perturbations, --iterations, --repeats, --threads and every --workers count must be at least 1");
            string id = parse.GetValue(env)!;
            var config = PaperPresets.ConfigFor(id)
                with { Perturbations = m, Iterations = k, Threads = t, IterationEvaluationEpisodes = 0 };
            EsTrainer.ArchitectureFor(config); // unknown environment: usage error before anything starts
            return RunAsync(context.Output, config, r, counts, t).GetAwaiter().GetResult();
        });
        return command;
    }

    private sealed record Measurement(double SecondsPerIteration, double StepsPerSecond, double[] Theta);

    private static async Task<int> RunAsync(TextWriter o, TrainingConfig config, int repeats, int[] workerCounts, int threads)
    {
        int port = ClusterNode.FreePort();
        var settings = new ClusterSettings { SiloPort = port, PrimaryPort = port, ClusterId = "itt-bench", Threads = threads };
        await using var node = await ClusterNode.StartAsync(settings);
        var architecture = EsTrainer.ArchitectureFor(config);
        o.WriteLine($"{config.Environment}: M = {config.Perturbations} antithetic pairs, {config.Iterations} iterations × {repeats} repeats, {threads} thread(s) per evaluator, medians");

        using (var evaluator = new LocalEvaluator(config, architecture, config.PolicyOptions(), threads))
            WarmUp(config, evaluator, TimeSpan.FromSeconds(3));
        WarmUp(config, node.CreateEvaluator(config), TimeSpan.FromSeconds(3));
        var local = new List<Measurement>();
        var clustered = new List<Measurement>();
        for (int r = 0; r < repeats; r++)
        {
            using (var evaluator = new LocalEvaluator(config, architecture, config.PolicyOptions(), threads)) local.Add(Measure(config, evaluator));
            clustered.Add(Measure(config, node.CreateEvaluator(config)));
        }
        var reference = local[0].Theta;
        o.WriteLine();
        o.WriteLine($"{"evaluator",-28} {"ms/iteration",13} {"steps/s",12} {"× local time",13} {"θ = local",10}");
        Row(o, "local", local, local, reference);
        Row(o, "cluster, trainer silo only", clustered, local, reference);

        o.WriteLine();
        o.WriteLine($"{"worker processes",-28} {"ms/iteration",13} {"steps/s",12} {"× 1 worker",13} {"θ = local",10}");
        List<Measurement>? one = null;
        foreach (int n in workerCounts)
        {
            var processes = Enumerable.Range(0, n).Select(_ => IttProcess.Start(
                ["worker", "--primary-port", port.ToString(), "--cluster-id", settings.ClusterId, "--threads", threads.ToString()])).ToList();
            try
            {
                foreach (var p in processes) p.WaitFor(WorkerCommand.ReadyLine, TimeSpan.FromMinutes(1));
                await node.Membership.WaitForWorkersAsync(n, TimeSpan.FromMinutes(1));
                var options = new ClusterEvaluatorOptions { TrainerRunsRollouts = false };
                WarmUp(config, node.CreateEvaluator(config, options), TimeSpan.FromSeconds(5));
                var rows = Enumerable.Range(0, repeats).Select(_ => Measure(config, node.CreateEvaluator(config, options))).ToList();
                one ??= rows;
                Row(o, n.ToString(), rows, one, reference, throughput: true);
            }
            finally
            {
                foreach (var p in processes) p.Stop(TimeSpan.FromSeconds(20));
                foreach (var p in processes) p.Dispose();
                // Wait until the workers have left, so the next count starts from the trainer alone.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (node.Membership.Active.Count > 1 && DateTime.UtcNow < deadline) await Task.Delay(100);
            }
        }
        return 0;
    }

    /// <summary>
    /// Trains untimed for <paramref name="duration"/>, so every process involved (fresh workers above all) runs
    /// tiered-JIT steady-state code when the timing starts, as a long training run does.
    /// </summary>
    private static void WarmUp(TrainingConfig config, IEvaluator evaluator, TimeSpan duration)
    {
        using var trainer = new EsTrainer(config with { Iterations = int.MaxValue }, evaluator);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < duration && trainer.Iteration < 200) trainer.Step();
    }

    private static Measurement Measure(TrainingConfig config, IEvaluator evaluator)
    {
        using var trainer = new EsTrainer(config, evaluator);
        trainer.Step(); // warm-up: JIT, worker caches, grain types
        var seconds = new List<double>();
        long steps = 0;
        long before = trainer.Snapshot().EnvironmentSteps;
        while (trainer.Iteration < config.Iterations + 1)
        {
            var m = trainer.Step();
            seconds.Add(m.Seconds);
            steps = m.EnvironmentSteps - before;
        }
        // The warm-up iteration is not timed but is part of θ's path: compare θ after config.Iterations + 1 iterations everywhere.
        return new Measurement(Summary.Median(seconds), steps / seconds.Sum(), trainer.Theta.ToArray());
    }

    private static void Row(TextWriter o, string label, List<Measurement> rows, List<Measurement> baseline, double[] reference, bool throughput = false)
    {
        double ms = Summary.Median(rows.Select(x => x.SecondsPerIteration)) * 1000;
        double sps = Summary.Median(rows.Select(x => x.StepsPerSecond));
        double ratio = throughput ? sps / Summary.Median(baseline.Select(x => x.StepsPerSecond)) : ms / (Summary.Median(baseline.Select(x => x.SecondsPerIteration)) * 1000);
        bool same = rows.All(x => x.Theta.AsSpan().SequenceEqual(reference));
        o.WriteLine($"{label,-28} {ms,13:0.00} {sps,12:N0} {ratio,13:0.00} {(same ? "yes" : "NO"),10}");
    }
}
