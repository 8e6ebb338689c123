using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// "INC-{street}-{12 hex}": the street makes the id route to its roll-up, and the hex comes from the report's
/// Idempotency-Key, so a phone that resends its report reaches the same incident instead of opening a second one.
/// </summary>
public static class IncidentIds
{
    public const string Prefix = "INC-";
    private const int StreetLength = 9;
    private const int HashLength = 12;

    private static readonly SearchValues<char> UpperHex = SearchValues.Create("0123456789ABCDEF");

    public static string For(string streetCode, string idempotencyKey) =>
        $"{Prefix}{streetCode}-{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(idempotencyKey)))[..HashLength]}";

    /// <summary>The street an incident belongs to (and reports to); a malformed id is a bug here, not the caller's.</summary>
    public static string StreetOf(string incidentId) =>
        IsWellFormed(incidentId) ? incidentId.Substring(Prefix.Length, StreetLength) : throw new ArgumentException($"'{incidentId}' is not an incident id.", nameof(incidentId));

    public static bool IsWellFormed(string id) =>
        id.Length == Prefix.Length + StreetLength + 1 + HashLength && id.StartsWith(Prefix, StringComparison.Ordinal) && id[Prefix.Length + StreetLength] == '-'
        && RegionCode.TryParse(id.Substring(Prefix.Length, StreetLength), out var street) && street.Level == RegionLevel.Street
        && !id.AsSpan(Prefix.Length + StreetLength + 1).ContainsAnyExcept(UpperHex);
}
