using System.Collections.Frozen;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;
using NetTopologySuite.Index.Strtree;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Regions;

/// <summary>The chain of areas that contain a point, from district down to grid.</summary>
public sealed record RegionPath(Region District, Region Street, Region Community, Region Grid);

/// <summary>
/// The city's administrative areas in memory: lookup by code, children, summed profiles, grids in a viewport,
/// and which grid contains a point (an STR-tree over grid envelopes, then prepared point-in-polygon tests).
/// Reference data: it changes only when the city is regenerated, so it is shared and read without locks.
/// </summary>
public sealed class RegionCatalog
{
    private readonly FrozenDictionary<string, Region> _byCode;
    private readonly FrozenDictionary<string, Region[]> _children;
    private readonly FrozenDictionary<string, CommunityProfile> _profiles;
    private readonly FrozenDictionary<string, ResponderSeed> _responders;
    private readonly STRtree<(Region Grid, IPreparedGeometry Shape)> _grids = new();

    public RegionCatalog(CityModel city)
    {
        City = city;
        var all = city.Districts.Concat(city.Streets).Concat(city.Communities).Concat(city.Grids).ToList();
        _byCode = all.ToFrozenDictionary(r => r.Code);
        _children = all.Where(r => r.ParentCode is not null).GroupBy(r => r.ParentCode!)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray());
        _profiles = SumProfiles(city);
        _responders = city.Responders.ToFrozenDictionary(r => r.Id);
        foreach (var grid in city.Grids) _grids.Insert(grid.Area.EnvelopeInternal, (grid, PreparedGeometryFactory.Prepare(grid.Area)));
        _grids.Build();
        _neighbours = new(() => FindNeighbours(city.Districts));
        Bounds = new Envelope();
        foreach (var district in city.Districts) Bounds.ExpandToInclude(district.Area.EnvelopeInternal);
    }

    public CityModel City { get; }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, Lazy<RegionCatalog>> DemoCities = new();

    /// <summary>
    /// The demo city of a seed, generated once per process (seconds of work): every silo in a process (tests start
    /// many) shares it, which is safe because the catalog never changes.
    /// </summary>
    public static RegionCatalog OfDemoCity(int seed) =>
        DemoCities.GetOrAdd(seed, s => new Lazy<RegionCatalog>(() => new RegionCatalog(new CityGenerator(s).Generate(ChongqingDistricts.All)))).Value;

    public Envelope Bounds { get; }

    public IReadOnlyList<Region> Districts => City.Districts;

    /// <summary>A responder's registration (role, skills, home community), or null if there is no such responder.</summary>
    public ResponderSeed? Responder(string id) => _responders.GetValueOrDefault(id);

    public Region? Find(string code) => _byCode.GetValueOrDefault(code);

    public IReadOnlyList<Region> Children(string code) =>
        code == ChongqingDistricts.CityCode ? City.Districts : _children.GetValueOrDefault(code) ?? [];

    /// <summary>Districts sharing a border with this one, nearest centre first: where mutual aid comes from.</summary>
    public IReadOnlyList<string> NeighbourDistricts(string districtCode) => _neighbours.Value.GetValueOrDefault(districtCode) ?? [];

    private readonly Lazy<FrozenDictionary<string, string[]>> _neighbours;

    private static FrozenDictionary<string, string[]> FindNeighbours(IReadOnlyList<Region> districts) =>
        districts.ToFrozenDictionary(d => d.Code, d => districts
            .Where(other => other.Code != d.Code && other.Area.EnvelopeInternal.Intersects(d.Area.EnvelopeInternal) && other.Area.Distance(d.Area) < 1e-6)
            .OrderBy(other => other.Area.Centroid.Distance(d.Area.Centroid))
            .Select(other => other.Code)
            .ToArray());

    /// <summary>Households, people, elderly and meal capacity: a community's own, or the sum below a street or district.</summary>
    public CommunityProfile? Profile(string code) => _profiles.GetValueOrDefault(code);

    /// <summary>The grid (and its community, street and district) containing the point, or null outside the city (grids tile it exactly).</summary>
    public RegionPath? Locate(double longitude, double latitude)
    {
        var point = GeoJson.Factory.CreatePoint(new Coordinate(longitude, latitude));
        foreach (var (grid, shape) in _grids.Query(point.EnvelopeInternal))
        {
            if (!shape.Covers(point)) continue;
            var community = _byCode[grid.ParentCode!];
            var street = _byCode[community.ParentCode!];
            return new RegionPath(_byCode[street.ParentCode!], street, community, grid);
        }
        return null;
    }

    /// <summary>Grids that touch the viewport, in code order, one page at a time.</summary>
    public (IReadOnlyList<Region> Page, int Total) GridsIn(Envelope viewport, int skip, int take)
    {
        var hits = _grids.Query(viewport).Where(g => g.Shape.Intersects(GeoJson.Factory.ToGeometry(viewport)))
            .Select(g => g.Grid).OrderBy(g => g.Code, StringComparer.Ordinal).ToList();
        return (hits.Skip(skip).Take(take).ToList(), hits.Count);
    }

    private static FrozenDictionary<string, CommunityProfile> SumProfiles(CityModel city)
    {
        var sums = new Dictionary<string, CommunityProfile>(city.Profiles);
        var streetOf = city.Streets.ToDictionary(s => s.Code, s => s.ParentCode!);
        foreach (var community in city.Communities)
        {
            var profile = city.Profiles[community.Code];
            foreach (var parent in new[] { community.ParentCode!, streetOf[community.ParentCode!], ChongqingDistricts.CityCode })
                sums[parent] = sums.TryGetValue(parent, out var sum) ? Add(sum, profile) : profile;
        }
        return sums.ToFrozenDictionary();
    }

    private static CommunityProfile Add(CommunityProfile a, CommunityProfile b) => new(
        a.Households + b.Households, a.Population + b.Population, a.Elderly60Plus + b.Elderly60Plus,
        a.ElderlyLivingAlone + b.ElderlyLivingAlone, a.CanteenSeats + b.CanteenSeats, a.DeliveryCapacity + b.DeliveryCapacity);
}
