using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// "INC-{street}-{12 hex}": the street makes the id route to its roll-up, and the hex comes from the report's
/// Idempotency-Key, so a phone that resends its report reaches the same incident instead of opening a second one.
/// </summary>
public static class IncidentIds
{
    public const string Prefix = "INC-";

    private static readonly SearchValues<char> UpperHex = SearchValues.Create("0123456789ABCDEF");

    public static string For(string streetCode, string idempotencyKey) =>
        $"{Prefix}{streetCode}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..12]}";

    public static string StreetOf(string incidentId) =>
        IsWellFormed(incidentId) ? incidentId.Substring(Prefix.Length, 9) : throw new ArgumentException($"'{incidentId}' is not an incident id.", nameof(incidentId));

    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + 9 + 1 + 12 && id.StartsWith(Prefix, StringComparison.Ordinal) && id[Prefix.Length + 9] == '-'
        && !id.AsSpan(Prefix.Length, 9).ContainsAnyExceptInRange('0', '9')
        && !id.AsSpan(Prefix.Length + 10).ContainsAnyExcept(UpperHex);
}
