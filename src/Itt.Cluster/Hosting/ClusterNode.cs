using System.Net;
using System.Net.Sockets;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Membership;
using Itt.Cluster.Work;
using Itt.Training.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Runtime;

namespace Itt.Cluster.Hosting;

/// <summary>
/// A silo of ours running in this process: a worker (<c>itt worker</c>) that evaluates chunks, or the trainer's silo
/// (<c>itt train --cluster</c>), which also evaluates chunks unless told otherwise and from which the trainer sends work.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterNode(IHost host, ClusterSettings settings)
    {
        _host = host;
        Settings = settings;
        var silo = host.Services.GetRequiredService<ILocalSiloDetails>();
        Address = silo.SiloAddress;
        Name = silo.Name;
        Membership = new WorkerMembership(host.Services.GetRequiredService<IClusterMembershipService>(), Address);
    }

    /// <summary>The settings it was started with (with the port actually used).</summary>
    public ClusterSettings Settings { get; }

    /// <summary>This silo's address.</summary>
    public SiloAddress Address { get; }

    /// <summary>This silo's name.</summary>
    public string Name { get; }

    /// <summary>Live silos and join/leave events as this silo sees them.</summary>
    public WorkerMembership Membership { get; }

    /// <summary>This silo's chunk worker.</summary>
    public ChunkExecutor Executor => _host.Services.GetRequiredService<ChunkExecutor>();

    /// <summary>Grain calls from this silo.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>How long <see cref="DisposeAsync"/> waits for the silo to leave and shut down before abandoning it.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Starts a silo with <paramref name="settings"/>; returns once it has joined the cluster. A port in use, an
    /// unreachable Redis or no cluster to join within <see cref="ClusterSettings.JoinTimeout"/> throw <see cref="ClusterStartException"/>.
    /// </summary>
    public static async Task<ClusterNode> StartAsync(ClusterSettings settings, CancellationToken cancellation = default)
    {
        if (settings.Validate() is string problem) throw new ArgumentException(problem);
        if (settings.SiloPort == 0) settings = settings with { SiloPort = FreePort() };
        else if (!IsFree(settings.SiloPort))
            throw new ClusterStartException($"silo port {settings.SiloPort} is in use (another trainer or worker on this machine? choose another --silo-port or --primary-port)");
        if (settings.Redis is string redis) await CheckReachableAsync(redis, cancellation);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging);
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();
        builder.UseOrleans(silo => silo.UseIttCluster(settings));
        var host = builder.Build();
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var start = host.StartAsync(abandon.Token);
        try
        {
            await start.WaitAsync(settings.JoinTimeout, cancellation);
        }
        catch (Exception e)
        {
            abandon.Cancel();
            _ = start.ContinueWith(_ => host.Dispose(), TaskScheduler.Default); // a silo stuck joining is left to the process exit
            if (e is TimeoutException)
                throw new ClusterStartException($"could not join cluster '{settings.ClusterId}' within {settings.JoinTimeout.TotalSeconds:0} s: no silo of that " +
                    $"--cluster-id answered {(settings.Redis is null ? $"at 127.0.0.1:{settings.PrimaryPort} (is the trainer running?)" : $"through Redis {settings.Redis}")}");
            if (e is OperationCanceledException) throw;
            throw new ClusterStartException($"the silo failed to start: {e.GetBaseException().Message}");
        }
        return new ClusterNode(host, settings);
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
            return true;
        }
        catch (SocketException) { return false; }
    }

    /// <summary>Fails in one line, naming the address, when nothing listens at the Redis endpoint (StackExchange.Redis would explain its own options instead).</summary>
    private static async Task CheckReachableAsync(string redis, CancellationToken cancellation)
    {
        ClusterSettings.TryParseEndpoint(redis, out string host, out int port);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(host, port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            throw new ClusterStartException($"cannot reach Redis at {host}:{port} ({(e is SocketException s ? s.SocketErrorCode.ToString() : "no answer within 5 s")})");
        }
    }

    /// <summary>An evaluator sending <paramref name="config"/>'s rollouts from this silo to the cluster.</summary>
    public ClusterEvaluator CreateEvaluator(TrainingConfig config, ClusterEvaluatorOptions? options = null)
        => new(Grains, Membership, config, options);

    /// <summary>Leaves the cluster gracefully (within <paramref name="timeout"/>).</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try { await _host.StopAsync(cancel.Token); }
        catch (OperationCanceledException) { }
    }

    /// <summary>
    /// Leaves the cluster and shuts the silo down, giving up after <see cref="StopTimeout"/> (a lost Redis can make
    /// Orleans wait for ever); <see cref="StoppedCleanly"/> says which.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Membership.Dispose();
        var stop = Task.Run(async () =>
        {
            await StopAsync(StopTimeout - TimeSpan.FromSeconds(3));
            _host.Dispose();
        });
        StoppedCleanly = await Task.WhenAny(stop, Task.Delay(StopTimeout)) == stop;
    }

    /// <summary>False when the last <see cref="DisposeAsync"/> gave up waiting for the silo.</summary>
    public bool StoppedCleanly { get; private set; } = true;

    /// <summary>Orleans logs only when <c>ITT_CLUSTER_LOG</c> names a level (e.g. Information): progress lines are ours.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("ITT_CLUSTER_LOG"), ignoreCase: true, out var level))
            logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level);
    }

    private static readonly HashSet<int> HandedOut = [];

    /// <summary>
    /// A TCP port free on this machine right now (for tests and benchmarks that run several silos), and never one this
    /// process was handed before: a port is not reserved until someone binds it, so two callers (parallel tests, or a
    /// test that keeps a port empty on purpose) could otherwise be handed the same one.
    /// </summary>
    public static int FreePort()
    {
        lock (HandedOut)
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                int port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (HandedOut.Add(port)) return port;
            }
    }
}

/// <summary>Thrown when a silo cannot start or join: a port in use, Redis unreachable, no cluster to join in time.</summary>
public sealed class ClusterStartException(string message) : Exception(message);

/// <summary>
/// A host lifetime that leaves SIGINT and SIGTERM to the command: the default console lifetime would swallow them and
/// stop the silo behind the command's back, so a trainer or worker ignored the signal.
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Silo configuration shared by our hosts and the test cluster.</summary>
public static class SiloBuilderExtensions
{
    /// <summary>Registers the chunk worker of this silo, running each chunk on <paramref name="threads"/> threads (0: one per core).</summary>
    public static ISiloBuilder AddRolloutWorker(this ISiloBuilder silo, int threads = 0)
    {
        silo.Services.AddSingleton(_ => new ChunkExecutor(threads));
        return silo;
    }

    /// <summary>
    /// How long a grain call may wait for its answer. A chunk can run for minutes (IOT on walker-walk), and the evaluator's
    /// own chunk timeout decides when to send it elsewhere, while calls to a silo that dies fail through membership;
    /// Orleans' default of 30 s would fail every longer chunk first, and mark a busy silo as failing.
    /// </summary>
    public static readonly TimeSpan GrainCallTimeout = TimeSpan.FromDays(1);

    /// <summary>Clustering, endpoints (no client gateway: only silos talk to each other) and the rollout worker.</summary>
    public static ISiloBuilder UseIttCluster(this ISiloBuilder silo, ClusterSettings settings)
    {
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = GrainCallTimeout);
        if (settings.Redis is null)
        {
            var primary = settings.IsPrimary ? null : new IPEndPoint(IPAddress.Loopback, settings.PrimaryPort);
            silo.UseLocalhostClustering(settings.SiloPort, gatewayPort: 0, primary, settings.ClusterId, settings.ClusterId);
        }
        else
        {
            silo.UseRedisClustering(settings.Redis);
            silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (settings.ClusterId, settings.ClusterId));
            if (settings.AdvertisedAddress is IPAddress address)
                silo.ConfigureEndpoints(address, settings.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
            else
                silo.ConfigureEndpoints(settings.SiloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
        }
        if (settings.Name is string name) silo.Configure<SiloOptions>(o => o.SiloName = name);
        return silo.AddRolloutWorker(settings.Threads);
    }
}
