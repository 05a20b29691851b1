using System.Net;
using System.Net.Sockets;

namespace Itt.Cluster.Hosting;

/// <summary>
/// Localhost clustering keeps the membership table in the trainer's silo: when the trainer crashes, the table goes with
/// it and Orleans can no longer declare it dead, so a worker would wait forever. A worker watches the trainer's port
/// instead: a closed local port refuses a connection at once, while a probe that times out (as one can on a loaded
/// machine) proves nothing and counts for nothing.
/// </summary>
public static class PrimaryPortWatch
{
    /// <summary>Refused probes in a row, one a second, after which the trainer's silo counts as gone.</summary>
    public const int Probes = 3;

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Probes <paramref name="port"/> on 127.0.0.1 once a second; true once <see cref="Probes"/> probes in a row were
    /// refused, false when <paramref name="cancellation"/> ends the watch first.
    /// </summary>
    public static async Task<bool> UntilClosedAsync(int port, CancellationToken cancellation)
    {
        int refusals = 0;
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                using var client = new TcpClient();
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                timeout.CancelAfter(Interval);
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
                refusals = 0;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                if (++refusals >= Probes) return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                if (cancellation.IsCancellationRequested) return false;
            }
            try { await Task.Delay(Interval, cancellation); }
            catch (OperationCanceledException) { return false; }
        }
        return false;
    }
}
