using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
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
        var stop = new TaskCompletionSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
        try
        {
            await using var node = await ClusterNode.StartAsync(settings);
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
            context.Output.WriteLine($"{ReadyLine} {node.Name} at {node.Address.Endpoint} in cluster '{settings.ClusterId}' · {node.Membership.Active.Count} active");
            context.Output.Flush();
            using var watch = new CancellationTokenSource();
            var primaryWatch = settings.Redis is null ? WatchPrimaryAsync(settings.PrimaryPort, context, stop, watch.Token) : Task.CompletedTask;
            await stop.Task;
            watch.Cancel();
            await primaryWatch;
            context.Output.WriteLine("worker stopping");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
        return 0;
    }

    /// <summary>
    /// Localhost clustering keeps the membership table in the trainer's silo: when the trainer crashes, the table goes
    /// with it and Orleans can no longer declare it dead, so a worker would wait forever. Its port no longer accepting
    /// connections for about ten seconds stops the worker instead.
    /// </summary>
    private static async Task WatchPrimaryAsync(int port, CliContext context, TaskCompletionSource stop, CancellationToken cancellation)
    {
        int failures = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                timeout.CancelAfter(TimeSpan.FromSeconds(1));
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                failures = 0;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (cancellation.IsCancellationRequested) return;
                if (++failures >= 5)
                {
                    context.Output.WriteLine($"the trainer's silo (port {port}) stopped answering; stopping");
                    stop.TrySetResult();
                    return;
                }
            }
            try { await Task.Delay(TimeSpan.FromSeconds(2), cancellation); }
            catch (OperationCanceledException) { return; }
        }
    }
}
