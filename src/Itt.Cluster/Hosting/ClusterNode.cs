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

    /// <summary>Grain calls from this silo.</summary>
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Starts a silo with <paramref name="settings"/>; returns once it has joined the cluster.</summary>
    public static async Task<ClusterNode> StartAsync(ClusterSettings settings, CancellationToken cancellation = default)
    {
        if (settings.Validate() is string problem) throw new ArgumentException(problem);
        if (settings.SiloPort == 0) settings = settings with { SiloPort = FreePort() };
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ConfigureLogging(builder.Logging);
        builder.UseOrleans(silo => silo.UseIttCluster(settings));
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        return new ClusterNode(host, settings);
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

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Membership.Dispose();
        await StopAsync(TimeSpan.FromSeconds(10));
        _host.Dispose();
    }

    /// <summary>Orleans logs only when <c>ITT_CLUSTER_LOG</c> names a level (e.g. Information): progress lines are ours.</summary>
    private static void ConfigureLogging(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("ITT_CLUSTER_LOG"), ignoreCase: true, out var level))
            logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(level);
    }

    /// <summary>A TCP port free on this machine right now (for tests and benchmarks that run several silos).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
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

    /// <summary>Clustering, endpoints (no client gateway: only silos talk to each other) and the rollout worker.</summary>
    public static ISiloBuilder UseIttCluster(this ISiloBuilder silo, ClusterSettings settings)
    {
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
