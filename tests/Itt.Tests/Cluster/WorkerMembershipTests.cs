using System.Collections.Concurrent;
using Itt.Cluster.Membership;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using static Itt.Tests.Cluster.ClusterTestSupport;

namespace Itt.Tests.Cluster;

/// <summary>The trainer's view of the cluster keeps up with joins whatever its subscribers do.</summary>
public class WorkerMembershipTests
{
    [Fact]
    public async Task ASubscriberThatThrowsStopsNeitherTheOthersNorTheWatch()
    {
        var cluster = await DeployAsync(1);
        try
        {
            var services = cluster.GetSiloServiceProvider(cluster.Primary!.SiloAddress);
            using var membership = new WorkerMembership(services.GetRequiredService<IClusterMembershipService>(), cluster.Primary.SiloAddress);
            var seen = new BlockingCollection<MembershipChange>();
            int thrown = 0;
            membership.Changed += _ => { Interlocked.Increment(ref thrown); throw new InvalidOperationException("a console gone away"); };
            membership.Changed += seen.Add;

            foreach (int workers in new[] { 2, 3 }) // the second join comes after the first subscriber has thrown
            {
                var silo = await cluster.StartAdditionalSiloAsync();
                Assert.True(seen.TryTake(out var change, TimeSpan.FromSeconds(60)), $"join {workers - 1} announced");
                Assert.True(change.Joined);
                Assert.Equal(silo.SiloAddress, change.Address);
                Assert.Equal(workers, change.Workers);
                Assert.True(membership.IsActive(silo.SiloAddress));
            }
            Assert.Equal(2, Volatile.Read(ref thrown));
            Assert.Equal(3, membership.Active.Count);
        }
        finally { await cluster.DisposeAsync(); }
    }
}
