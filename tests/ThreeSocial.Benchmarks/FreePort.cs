using System.Net;
using System.Net.Sockets;

namespace ThreeSocial.Benchmarks;

/// <summary>
/// A loopback port nobody listens on now, for a server, silo or benchmark (tests start many at once). It is free when
/// asked, not reserved: start what binds it soon.
/// </summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
