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
