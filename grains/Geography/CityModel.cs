using NetTopologySuite.Geometries;

namespace ThreeSocial.Grains.Geography;

public enum RegionLevel { City, District, Street, Community, Grid }

/// <summary>
/// One administrative area with its GB/T 2260-style code: district 6 digits, street or town 9
/// (001–099 street 街道, 100–199 town 镇), community or village 12 (001–199 residents' committee 社区,
/// 200–399 villagers' committee 村), grid 15 (community code + sequence).
/// </summary>
public sealed record Region(string Code, string Name, RegionLevel Level, string? ParentCode, Geometry Area, bool Urban);

/// <summary>The people a community serves and its elderly meal-assistance capacity.</summary>
public sealed record CommunityProfile(
    int Households, int Population, int Elderly60Plus, int ElderlyLivingAlone, int CanteenSeats, int DeliveryCapacity);

public enum StockpileTier { Community, StreetDepot, DistrictDepot }

/// <summary>A supply stockpile: its id is the owner's code, "-S" and a sequence.</summary>
public sealed record StockpileSite(string Id, string OwnerCode, StockpileTier Tier, Point Location);

[GenerateSerializer, Alias("ts.ResponderRole")]
public enum ResponderRole { GridWorker, Volunteer, SocialWorker, PropertyStaff }

[GenerateSerializer, Alias("ts.TravelMode")]
public enum TravelMode { Walk, EBike, Car }

public sealed record ResponderSeed(
    string Id, ResponderRole Role, string HomeCommunity, IReadOnlyList<string> Skills, TravelMode Mode, Point Home,
    IReadOnlyList<Certificate> Certificates)
{
    /// <summary>Skills that count today: a skill that needs a certificate counts only while the certificate is valid.</summary>
    public IEnumerable<string> QualifiedSkills(DateOnly today) =>
        Skills.Where(skill => Certificate.RequiredFor(skill) is not { } code || Certificates.Any(c => c.Code == code && c.ValidUntil >= today));
}

/// <summary>A qualification a responder holds (first-aid, electrician, driving, social work), with its expiry.</summary>
[GenerateSerializer, Immutable, Alias("ts.Certificate")]
public sealed record Certificate([Id(0)] string Code, [Id(1)] DateOnly ValidUntil)
{
    public const string FirstAid = "first-aid-certificate";               // 红十字救护员证
    public const string Electrician = "electrician-permit";               // 特种作业操作证（电工）
    public const string Driving = "driving-licence";                     // 机动车驾驶证
    public const string SocialWork = "social-worker-qualification";      // 社会工作者职业资格证书

    /// <summary>The certificate a skill needs before routing may count on it, if any.</summary>
    public static string? RequiredFor(string skill) => skill switch
    {
        "first-aid" => FirstAid,
        "electrician" => Electrician,
        "driver" => Driving,
        _ => null,
    };
}

/// <summary>The demo city: real districts, generated everything below them.</summary>
public sealed class CityModel
{
    public required int Seed { get; init; }
    public required IReadOnlyList<Region> Districts { get; init; }
    public required IReadOnlyList<Region> Streets { get; init; }
    public required IReadOnlyList<Region> Communities { get; init; }
    public required IReadOnlyList<Region> Grids { get; init; }
    public required IReadOnlyDictionary<string, CommunityProfile> Profiles { get; init; }
    public required IReadOnlyList<StockpileSite> Stockpiles { get; init; }
    public required IReadOnlyList<ResponderSeed> Responders { get; init; }
}
