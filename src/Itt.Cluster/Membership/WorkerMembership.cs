using System.Collections.Immutable;
using Orleans.Runtime;

namespace Itt.Cluster.Membership;

/// <summary>A silo joining or leaving the cluster.</summary>
/// <param name="Joined">True for a join, false for a leave.</param>
/// <param name="Name">Silo name.</param>
/// <param name="Address">Silo address.</param>
/// <param name="Workers">Active silos after the change (the trainer's own included).</param>
public sealed record MembershipChange(bool Joined, string Name, SiloAddress Address, int Workers)
{
    /// <inheritdoc />
    public override string ToString() => $"worker {(Joined ? "joined" : "left")}: {Name} ({Address.Endpoint}) · {Workers} active";
}

/// <summary>
/// The live silos as the trainer's silo sees them, and a change event per join or leave (the progress lines).
/// A caller inside a silo learns of a dead silo within seconds, which is why the trainer runs inside one.
/// </summary>
public sealed class WorkerMembership : IDisposable
{
    private readonly IClusterMembershipService _service;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _watch;
    private readonly object _gate = new();
    private ImmutableHashSet<SiloAddress> _active = [];

    /// <summary>Watches <paramref name="service"/>; <paramref name="self"/> is the trainer's silo.</summary>
    public WorkerMembership(IClusterMembershipService service, SiloAddress self)
    {
        _service = service;
        Self = self;
        Update(service.CurrentSnapshot, announce: false);
        _watch = Task.Run(WatchAsync);
    }

    /// <summary>Raised on every join and leave, on a background thread.</summary>
    public event Action<MembershipChange>? Changed;

    /// <summary>The trainer's own silo.</summary>
    public SiloAddress Self { get; }

    /// <summary>Active silos, in a fixed order (by address).</summary>
    public IReadOnlyList<SiloAddress> Active
    {
        get { lock (_gate) return _active.OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray(); }
    }

    /// <summary>True while <paramref name="silo"/> is active.</summary>
    public bool IsActive(SiloAddress silo) { lock (_gate) return _active.Contains(silo); }

    /// <summary>Waits until at least <paramref name="count"/> silos other than the trainer's are active.</summary>
    public async Task WaitForWorkersAsync(int count, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Active.Count(a => !a.Equals(Self)) < count)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"only {Active.Count(a => !a.Equals(Self))} of {count} workers joined within {timeout.TotalSeconds:0} s");
            await Task.Delay(100, cancellation);
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            await foreach (var snapshot in _service.MembershipUpdates.WithCancellation(_stop.Token))
                Update(snapshot, announce: true);
        }
        catch (OperationCanceledException) { }
        catch (ObjectDisposedException) { } // the silo shut down
    }

    private void Update(ClusterMembershipSnapshot snapshot, bool announce)
    {
        var changes = new List<MembershipChange>();
        lock (_gate)
        {
            var now = snapshot.Members.Values.Where(m => m.Status == SiloStatus.Active).ToDictionary(m => m.SiloAddress);
            foreach (var (address, member) in now)
                if (!_active.Contains(address)) changes.Add(new(true, member.Name, address, now.Count));
            foreach (var address in _active)
                if (!now.ContainsKey(address))
                    changes.Add(new(false, snapshot.Members.TryGetValue(address, out var m) ? m.Name : address.ToString(), address, now.Count));
            _active = [.. now.Keys];
        }
        if (announce && Changed is { } handlers)
            foreach (var change in changes)
                foreach (var handler in handlers.GetInvocationList().Cast<Action<MembershipChange>>())
                {
                    // A subscriber's failure (a console gone away, say) is its own: the watch that keeps Active true goes on.
                    try { handler(change); }
                    catch (Exception) { }
                }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        try { _watch.Wait(TimeSpan.FromSeconds(2)); } catch (AggregateException) { }
        _stop.Dispose();
    }
}
