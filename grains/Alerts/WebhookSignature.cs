using System.Security.Cryptography;
using System.Text;

namespace ThreeSocial.Grains.Alerts;

public static class WebhookSignature
{
    public const string Header = "X-ThreeSocial-Signature";

    /// <summary>"sha256=" and the hex HMAC-SHA256 of the body with the subscription's secret (as GitHub-style receivers expect).</summary>
    public static string Of(byte[] body, string secret) => "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>For receivers (and tests): whether a signature header matches the body, in constant time.</summary>
    public static bool Verify(byte[] body, string secret, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Of(body, secret)), Encoding.ASCII.GetBytes(header));
}
