using System.CommandLine;
using Itt.Cluster.Hosting;

namespace Itt.Cli.Commands;

/// <summary><c>itt worker</c>: a silo that evaluates rollout chunks for a trainer until stopped (Ctrl-C, SIGTERM).</summary>
public static class WorkerCommand
{
    /// <summary>Line printed once the worker has joined (scripts and tests wait for it).</summary>
    public const string ReadyLine = "worker ready:";

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext context)
    {
        var cluster = new ClusterOptions(0, "Port of this worker's silo (0: a free one).");
        var threads = new Option<int>("--threads") { Description = "Rollout threads (0: all cores).", DefaultValueFactory = _ => 0 };
        var command = new Command("worker", "Join a training cluster as a worker silo and evaluate rollouts until stopped.") { threads };
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) < 0) throw new UsageException($"--threads must be 0 (all cores) or more (got {parse.GetValue(threads)})");
            var settings = cluster.Settings(parse, parse.GetValue(threads), trainer: false);
            return RunAsync(settings, context).GetAwaiter().GetResult();
        });
        return command;
    }

    private static async Task<int> RunAsync(ClusterSettings settings, CliContext context)
    {
        using var signals = new StopSignals(context.Error, "worker");
        var stop = new TaskCompletionSource();
        using var onSignal = signals.Token.Register(() => stop.TrySetResult());
        ClusterNode node;
        try
        {
            node = await ClusterNode.StartAsync(settings, signals.Token);
        }
        catch (OperationCanceledException) when (signals.Stopped)
        {
            context.Error.WriteLine("itt: worker stopped before it joined a cluster");
            return StopSignals.ExitCode;
        }
        await using (node)
        {
            node.Membership.Changed += change =>
            {
                context.Output.WriteLine(change.ToString());
                // Under localhost clustering the primary is the trainer and holds the membership table: without it the worker has no cluster.
                if (!change.Joined && settings.Redis is null && change.Address.Endpoint.Port == settings.PrimaryPort)
                {
                    context.Output.WriteLine("the trainer's silo left; stopping");
                    stop.TrySetResult();
                }
            };
            int refusals = 0;
            node.Executor.Refused += message =>
            {
                if (Interlocked.Increment(ref refusals) == 1) context.Output.WriteLine($"refusing work: {message}"); // once: the trainer sends no more
            };
            context.Output.WriteLine($"{ReadyLine} {node.Name} at {node.Address.Endpoint} in cluster '{settings.ClusterId}' · {node.Membership.Active.Count} active");
            context.Output.Flush();
            using var watch = new CancellationTokenSource();
            var primaryWatch = settings.Redis is null ? WatchPrimaryAsync(settings.PrimaryPort, context, stop, watch.Token) : Task.CompletedTask;
            await stop.Task;
            watch.Cancel();
            await primaryWatch;
            context.Output.WriteLine("worker stopping");
        }
        if (!node.StoppedCleanly)
            context.Output.WriteLine($"the silo did not stop within {ClusterNode.StopTimeout.TotalSeconds:0} s (Redis or the network lost?); leaving it");
        return 0;
    }

    /// <summary>Stops a localhost worker whose trainer crashed (<see cref="PrimaryPortWatch"/>).</summary>
    private static async Task WatchPrimaryAsync(int port, CliContext context, TaskCompletionSource stop, CancellationToken cancellation)
    {
        if (!await PrimaryPortWatch.UntilClosedAsync(port, cancellation)) return;
        context.Output.WriteLine($"the trainer's silo (port {port}) stopped answering; stopping");
        stop.TrySetResult();
    }
}
