using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Common;

namespace ThreeSocial.Api.Common;

/// <summary>
/// The Idempotency-Key header every write carries, so a phone that resends on a poor network is counted once.
/// The key becomes the grain command's request id; the grain remembers it with the result.
/// </summary>
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The key, or an InvalidRequestException (a 400) when it is missing or malformed.</summary>
    public static string From(HttpRequest request)
    {
        var values = request.Headers[Header];
        if (values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
            throw new InvalidRequestException(Header, "invalid.idempotency-missing", Header);
        var key = values[0]!;
        if (key.Length > 100 || key.Any(c => c < 0x21 || c > 0x7e))
            throw new InvalidRequestException(Header, "invalid.idempotency-long", Header);
        return key;
    }
}
