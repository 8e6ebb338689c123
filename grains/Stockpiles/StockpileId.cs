using System.Diagnostics.CodeAnalysis;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>
/// A stockpile's id, "{owner}-S{two digits}": its owner's region code (a district, street or community) and a
/// sequence. The one parser of stockpile ids; grain keys, JSON and storage keep the plain string.
/// </summary>
public readonly record struct StockpileId
{
    private const string Separator = "-S";

    private readonly string? _id;

    private StockpileId(string id, RegionCode owner)
    {
        _id = id;
        Owner = owner;
    }

    /// <summary>The district, street or community that holds the stock.</summary>
    public RegionCode Owner { get; }

    /// <summary>
    /// The street (a district depot: the district) that rolls the stockpile up and whose office its alerts go to.
    /// Communities are not roll-up grains, so a community's store counts at its street.
    /// </summary>
    public RegionCode Jurisdiction => Owner.UpTo(RegionLevel.Street);

    public override string ToString() => _id ?? throw new InvalidOperationException("default(StockpileId) is no id; make one with StockpileId.Parse.");

    /// <summary>An id the caller sent: anything but a well-formed one is their mistake (400, naming <paramref name="field"/>).</summary>
    public static StockpileId Parse(string? id, string field = "id") =>
        TryParse(id, out var parsed) ? parsed
        : throw new InvalidRequestException(field, "invalid.stockpile-id", id is { Length: > 40 } ? id[..40] + "…" : id ?? "");

    public static bool TryParse([NotNullWhen(true)] string? id, out StockpileId parsed)
    {
        parsed = default;
        var separator = id?.LastIndexOf(Separator, StringComparison.Ordinal) ?? -1;
        if (separator < 0 || id!.Length != separator + Separator.Length + 2 || id.AsSpan(separator + Separator.Length).ContainsAnyExceptInRange('0', '9'))
            return false;
        if (!RegionCode.TryParse(id[..separator], out var owner) || owner.Level is not (RegionLevel.District or RegionLevel.Street or RegionLevel.Community))
            return false;
        parsed = new StockpileId(id, owner);
        return true;
    }
}
