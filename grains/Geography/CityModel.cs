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

public enum ResponderRole { GridWorker, Volunteer, SocialWorker, PropertyStaff }

public enum TravelMode { Walk, EBike, Car }

public sealed record ResponderSeed(
    string Id, ResponderRole Role, string HomeCommunity, IReadOnlyList<string> Skills, TravelMode Mode, Point Home);

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
