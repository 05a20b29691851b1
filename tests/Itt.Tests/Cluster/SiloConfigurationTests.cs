using System.Net;
using System.Net.Sockets;
using Itt.Cluster.Evaluation;
using Itt.Cluster.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Itt.Tests.Cluster;

/// <summary>The silo options our hosts set, read from a built (not started) host.</summary>
public class SiloConfigurationTests
{
    [Fact]
    public void AGrainCallOutlastsTheChunkTimeoutSoTheEvaluatorDecidesWhenToResend()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.UseOrleans(silo => silo.UseIttCluster(new ClusterSettings { SiloPort = 0 }));
        using var host = builder.Build();
        var messaging = host.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;
        Assert.Equal(Itt.Cluster.Hosting.SiloBuilderExtensions.GrainCallTimeout, messaging.ResponseTimeout);
        Assert.True(messaging.ResponseTimeout > 10 * new ClusterEvaluatorOptions().ChunkTimeout); // Orleans' own default is 30 s
    }
}

/// <summary>Ports handed to the silos of one process.</summary>
public class FreePortTests
{
    /// <summary>
    /// The kernel's free ports repeat soon (a few thousand asks from about 28,000 ephemeral ports all but surely do), and
    /// a port handed out is not bound at once: FreePort never hands one out twice.
    /// </summary>
    [Fact]
    public void NoPortIsHandedOutTwice()
    {
        var ports = Enumerable.Range(0, 3000).Select(_ => ClusterNode.FreePort()).ToArray();
        Assert.Equal(ports.Length, ports.Distinct().Count());
        Assert.All(ports, p => Assert.InRange(p, 1, 65535));
    }
}

/// <summary>How a localhost worker decides that its trainer's silo is gone.</summary>
public class PrimaryPortWatchTests
{
    /// <summary>
    /// A port whose accept queue is full (listen backlog 0, one connection waiting) lets probes time out, as a starved
    /// trainer could: the watch goes on. Once the port is closed, refusals end it after <see cref="PrimaryPortWatch.Probes"/>.
    /// </summary>
    [Fact]
    public async Task TimedOutProbesCountForNothingAndRefusedOnesEndTheWatch()
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var waiting = new TcpClient();
        waiting.Connect(IPAddress.Loopback, port); // fills the queue: later connections are not answered

        using var cancel = new CancellationTokenSource();
        var watch = PrimaryPortWatch.UntilClosedAsync(port, cancel.Token);
        // Twice the time that as many timed-out probes as refusals needed would take.
        await Task.Delay(TimeSpan.FromSeconds(2 * 2 * PrimaryPortWatch.Probes));
        Assert.False(watch.IsCompleted, "the watch ended while the port was open but slow");

        listener.Dispose();
        Assert.Same(watch, await Task.WhenAny(watch, Task.Delay(TimeSpan.FromSeconds(30))));
        Assert.True(await watch);

        var cancelled = PrimaryPortWatch.UntilClosedAsync(ClusterNode.FreePort(), cancel.Token);
        cancel.Cancel();
        Assert.False(await cancelled);
    }
}
