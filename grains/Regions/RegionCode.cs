using System.Diagnostics.CodeAnalysis;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Regions;

/// <summary>
/// A region's GB/T 2260-style code: the city 500000, a district 6 digits, a street or town 9, a community or village
/// 12, a grid 15. Codes nest by prefix, so the regions that hold a code are its leading digits; this is the one place
/// that knows it. Only <see cref="Parse"/> and <see cref="TryParse"/> make one, so a code held is well formed (whether
/// the region exists is the catalog's to say). Grain keys, JSON and storage keep the plain digits.
/// </summary>
public readonly record struct RegionCode
{
    public static readonly RegionCode City = new(ChongqingDistricts.CityCode);

    private const int DistrictLength = 6;
    private const int DigitsPerLevel = 3;

    private readonly string? _digits;

    private RegionCode(string digits) => _digits = digits;

    private string Digits => _digits ?? throw new InvalidOperationException("default(RegionCode) is no code; make one with RegionCode.Parse.");

    public RegionLevel Level => Digits.Length switch
    {
        DistrictLength => Digits == ChongqingDistricts.CityCode ? RegionLevel.City : RegionLevel.District,
        9 => RegionLevel.Street,
        12 => RegionLevel.Community,
        _ => RegionLevel.Grid,
    };

    /// <summary>The region one level up (grid → community → street → district → city); null for the city.</summary>
    public RegionCode? Parent => Level switch
    {
        RegionLevel.City => null,
        RegionLevel.District => City,
        _ => new RegionCode(Digits[..^DigitsPerLevel]),
    };

    /// <summary>The district this region lies in, or this district itself. The city lies in no district.</summary>
    public RegionCode District => Level == RegionLevel.City
        ? throw new InvalidOperationException("The city lies in no district.")
        : UpTo(RegionLevel.District);

    /// <summary>The street (or town) this region lies in, or this street itself. The city and a district lie in no street.</summary>
    public RegionCode Street => Level < RegionLevel.Street
        ? throw new InvalidOperationException($"{this} is above the level of a street.")
        : UpTo(RegionLevel.Street);

    /// <summary>
    /// The region at <paramref name="level"/> that holds this one, or this one when it is already at that level or
    /// above: a stockpile's owner up to its street is the street of a community's store and the district of a district depot.
    /// </summary>
    public RegionCode UpTo(RegionLevel level) =>
        level >= Level ? this
        : level == RegionLevel.City ? City
        : new RegionCode(Digits[..(DistrictLength + DigitsPerLevel * ((int)level - (int)RegionLevel.District))]);

    /// <summary>Whether <paramref name="other"/> lies in this region (or is it): the city covers every code, a region the codes it prefixes.</summary>
    public bool Covers(RegionCode other) =>
        Level == RegionLevel.City || other.Digits.StartsWith(Digits, StringComparison.Ordinal);

    public override string ToString() => Digits;

    /// <summary>A code the caller sent: anything but a well-formed code is their mistake (400, naming <paramref name="field"/>).</summary>
    public static RegionCode Parse(string? code, string field = "code") =>
        TryParse(code, out var parsed) ? parsed
        : throw new InvalidRequestException(field, "invalid.region-code", $"'{Shortened(code)}'");

    public static bool TryParse([NotNullWhen(true)] string? code, out RegionCode parsed)
    {
        parsed = default;
        if (code is not { Length: 6 or 9 or 12 or 15 } || !code.StartsWith("50", StringComparison.Ordinal) || code.AsSpan().ContainsAnyExceptInRange('0', '9'))
            return false;
        if (code.AsSpan(0, DistrictLength).SequenceEqual(ChongqingDistricts.CityCode))
        {
            if (code.Length != DistrictLength) return false; // the city holds districts; no district is numbered 500000
            parsed = City;
            return true;
        }
        parsed = new RegionCode(code);
        return true;
    }

    private static string Shortened(string? code) => code is null ? "" : code.Length <= 20 ? code : code[..20] + "…";
}
