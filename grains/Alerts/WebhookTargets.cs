using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// Where a webhook may point. Alert delivery makes the service send requests to addresses its operators type, so a
/// webhook must not become a way to reach what only the service can reach: cloud metadata (169.254.169.254), the
/// silo's own ports, the databases beside it. Refused unless the deployment's allow-list
/// (<c>Alerts:Webhooks:AllowedHosts</c>) names the host: plain http, and loopback, link-local, private, shared
/// (carrier-grade NAT), unique-local, multicast and reserved addresses. Checked when a subscription is added and again
/// on the address each delivery connects to, since a name can be re-pointed after it was accepted.
/// </summary>
public sealed class WebhookTargets(IEnumerable<string> allowedHosts)
{
    public const string Section = "Alerts:Webhooks:AllowedHosts";

    private readonly HashSet<string> _allowed = new(allowedHosts.Select(h => h.Trim().TrimStart('[').TrimEnd(']')), StringComparer.OrdinalIgnoreCase);

    public static WebhookTargets From(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        new(configuration.GetSection(Section).GetChildren().Select(c => c.Value).OfType<string>());

    private bool Allowed(string host) => _allowed.Contains(host.TrimStart('[').TrimEnd(']'));

    /// <summary>Why this URL may not be subscribed, in words for the operator; null when it may.</summary>
    public Phrase? RefusalOf(Uri url)
    {
        if (Allowed(url.IdnHost)) return null;
        if (url.Scheme != Uri.UriSchemeHttps)
            return Phrase.Of("invalid.webhook-http", Section);
        if (url.IsLoopback || (IPAddress.TryParse(url.IdnHost, out var address) && IsInternal(address)))
            return Phrase.Of("invalid.webhook-internal", url.IdnHost, Section);
        return null;
    }

    /// <summary>
    /// Connects a delivery to the first address of the host that is not internal (every address, when the host is
    /// allow-listed): the check is made on what is actually connected to, not on the name.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.TrimStart('[').TrimEnd(']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var permitted = Allowed(host) ? addresses : [.. addresses.Where(a => !IsInternal(a))];
        if (permitted.Length == 0)
            throw new HttpRequestException($"{host} resolves only to internal addresses ({string.Join(", ", addresses.Select(a => a.ToString()))}), which webhooks may not reach.");
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(permitted, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Addresses that are not the public internet (RFC 6890's special-purpose registries, in short).</summary>
    public static bool IsInternal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and < 128) // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254) // link-local, where cloud metadata answers
                || (b[0] == 172 && b[1] is >= 16 and < 32)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] == 0) // IETF protocol assignments
                || (b[0] == 198 && b[1] is 18 or 19); // benchmarking
        }
        var v6 = address.GetAddressBytes();
        return IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6None)
            || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xfe) == 0xfc; // unique-local fc00::/7
    }
}
