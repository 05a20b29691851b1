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
