using System.Net;
using System.Net.Sockets;

namespace Itt.Tests.Cluster;

/// <summary>Waiting for a server the tests started on this machine.</summary>
public static class LoopbackPort
{
    /// <summary>Returns once <paramref name="port"/> on 127.0.0.1 accepts a connection; throws after <paramref name="timeout"/>.</summary>
    public static void WaitUntilOpen(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline) { Thread.Sleep(50); }
        }
    }
}
