using StableHash = ThreeSocial.Grains.Common.StableHash;
using ThreeSocial.Grains.Common;
using System.Globalization;
using NetTopologySuite.Geometries;

namespace ThreeSocial.Grains.Geography;

/// <summary>How big a city to generate. The real one is the default; tests may ask for a smaller one.</summary>
public sealed record CityScale(int Streets = 961, int UrbanCommunities = 1_822, int Villages = 8_455)
{
    public static readonly CityScale Chongqing = new();
}

/// <summary>
/// Generates everything below Chongqing's real districts from a seed: the same seed always gives the same city.
/// Streets and towns split each district, communities and villages split those, grids split communities.
/// </summary>
public sealed class CityGenerator(int seed, CityScale? scale = null)
{
    // 主城九区: the dense core, where streets (街道) and urban communities dominate.
    private static readonly HashSet<string> CoreDistricts = ["500103", "500104", "500105", "500106", "500107", "500108", "500109", "500112", "500113"];

    private static readonly string[] Skills = ["first-aid", "elderly-care", "flood-rescue", "firefighting", "psychological-support", "electrician", "driver"];

    private readonly CityScale _scale = scale ?? CityScale.Chongqing;
    private readonly Random _random = new(seed);

    public CityModel Generate(IReadOnlyList<District> districts)
    {
        var districtRegions = districts.OrderBy(d => d.Code, StringComparer.Ordinal)
            .Select(d => new Region(d.Code, d.Name, RegionLevel.District, ChongqingDistricts.CityCode, d.Outline, CoreDistricts.Contains(d.Code)))
            .ToList();

        var streetCounts = Allocate(_scale.Streets, districtRegions.Select(d => Math.Sqrt(d.Area.Area) * (d.Urban ? 2.5 : 1)).ToList(), minimum: 3);
        var streets = new List<Region>();
        for (var i = 0; i < districtRegions.Count; i++) streets.AddRange(SplitDistrict(districtRegions[i], streetCounts[i]));

        // Every town has one community at its seat; the other urban communities go to streets, villages to towns.
        var towns = streets.Where(s => !s.Urban).ToList();
        var urbanStreets = streets.Where(s => s.Urban).ToList();
        var streetCommunities = Allocate(_scale.UrbanCommunities - towns.Count, urbanStreets.Select(s => Math.Pow(s.Area.Area, 0.3)).ToList(), minimum: 2);
        var townVillages = Allocate(_scale.Villages, towns.Select(t => Math.Sqrt(t.Area.Area)).ToList(), minimum: 2);

        var communities = new List<Region>();
        for (var i = 0; i < urbanStreets.Count; i++) communities.AddRange(SplitStreet(urbanStreets[i], streetCommunities[i], villages: 0));
        for (var i = 0; i < towns.Count; i++) communities.AddRange(SplitStreet(towns[i], 1, townVillages[i]));

        var grids = communities.SelectMany(c => SplitCommunity(c, c.Urban ? _random.Next(4, 9) : _random.Next(1, 4))).ToList();
        var profiles = communities.ToDictionary(c => c.Code, c => Profile(c.Urban));

        return new CityModel
        {
            Seed = seed,
            Districts = districtRegions,
            Streets = streets,
            Communities = communities,
            Grids = grids,
            Profiles = profiles,
            Stockpiles = Stockpiles(districtRegions, streets, communities),
            Responders = Responders(streets, communities, grids),
        };
    }

    private IEnumerable<Region> SplitDistrict(Region district, int count)
    {
        var streetShare = district.Urban ? 0.85 : district.Name.EndsWith('县') ? 0.1 : 0.25;
        var areas = Tessellator.Split(district.Area, count, _random, concentration: district.Urban ? 0.3 : 0.5);
        // The cells nearest the district's centre become streets, the rest towns.
        var centre = district.Area.InteriorPoint;
        var byCloseness = areas.Select((a, i) => (a, i)).OrderBy(x => x.a.InteriorPoint.Distance(centre)).ToList();
        var streetCount = Math.Max(1, (int)Math.Round(areas.Count * streetShare));
        var isStreet = byCloseness.Take(streetCount).Select(x => x.i).ToHashSet();
        int nextStreet = 1, nextTown = 100;
        for (var i = 0; i < areas.Count; i++)
        {
            var urban = isStreet.Contains(i);
            var sequence = urban ? nextStreet++ : nextTown++;
            yield return new Region(district.Code + Sequence(sequence), Names.Street(_random, urban), RegionLevel.Street, district.Code, areas[i], urban);
        }
    }

    private IEnumerable<Region> SplitStreet(Region street, int urbanCommunities, int villages)
    {
        var areas = Tessellator.Split(street.Area, urbanCommunities + villages, _random, concentration: street.Urban ? 0.2 : 0.4);
        // A town's seat is the cell at its centre.
        var centre = street.Area.InteriorPoint;
        var seats = areas.Select((a, i) => (a, i)).OrderBy(x => x.a.InteriorPoint.Distance(centre)).Take(urbanCommunities).Select(x => x.i).ToHashSet();
        int nextCommunity = 1, nextVillage = 200;
        for (var i = 0; i < areas.Count; i++)
        {
            var urban = seats.Contains(i);
            var sequence = urban ? nextCommunity++ : nextVillage++;
            yield return new Region(street.Code + Sequence(sequence), Names.Community(_random, urban), RegionLevel.Community, street.Code, areas[i], urban);
        }
    }

    private IEnumerable<Region> SplitCommunity(Region community, int count) =>
        Tessellator.Split(community.Area, count, _random, concentration: 0)
            .Select((area, i) => new Region(community.Code + Sequence(i + 1), $"{community.Name}第{i + 1}网格", RegionLevel.Grid, community.Code, area, community.Urban));

    private CommunityProfile Profile(bool urban)
    {
        var households = urban ? _random.Next(1_500, 6_000) : _random.Next(300, 1_200);
        var population = (int)(households * (urban ? 2.6 : 3.0));
        var elderly = (int)(population * (urban ? 0.20 + _random.NextDouble() * 0.06 : 0.25 + _random.NextDouble() * 0.10));
        var alone = (int)(elderly * (urban ? 0.08 + _random.NextDouble() * 0.07 : 0.12 + _random.NextDouble() * 0.08));
        var seats = urban ? _random.Next(30, 121) : _random.NextDouble() < 0.4 ? 0 : _random.Next(10, 41);
        var delivery = urban ? _random.Next(20, 151) : _random.Next(0, 41);
        return new CommunityProfile(households, population, elderly, alone, seats, delivery);
    }

    private static List<StockpileSite> Stockpiles(IEnumerable<Region> districts, IEnumerable<Region> streets, IEnumerable<Region> communities) =>
    [
        .. districts.Select(d => new StockpileSite(d.Code + "-S01", d.Code, StockpileTier.DistrictDepot, d.Area.InteriorPoint)),
        .. streets.Select(s => new StockpileSite(s.Code + "-S01", s.Code, StockpileTier.StreetDepot, s.Area.InteriorPoint)),
        .. communities.Select(c => new StockpileSite(c.Code + "-S01", c.Code, StockpileTier.Community, c.Area.InteriorPoint)),
    ];

    private List<ResponderSeed> Responders(IEnumerable<Region> streets, IReadOnlyList<Region> communities, IEnumerable<Region> grids)
    {
        var responders = new List<ResponderSeed>();
        var communityOf = communities.ToDictionary(c => c.Code);
        foreach (var grid in grids)
            responders.Add(Responder(grid.Code + "-GW01", ResponderRole.GridWorker, communityOf[grid.ParentCode!], grid.Area));
        foreach (var community in communities)
        {
            var volunteers = community.Urban ? _random.Next(5, 21) : _random.Next(3, 11);
            for (var v = 1; v <= volunteers; v++) responders.Add(Responder($"{community.Code}-VO{v:00}", ResponderRole.Volunteer, community, community.Area));
            var staff = community.Urban ? _random.Next(2, 7) : 0;
            for (var p = 1; p <= staff; p++) responders.Add(Responder($"{community.Code}-PS{p:00}", ResponderRole.PropertyStaff, community, community.Area));
        }
        foreach (var street in streets)
        {
            var home = communities.First(c => c.ParentCode == street.Code);
            var workers = _random.Next(1, 4);
            for (var s = 1; s <= workers; s++) responders.Add(Responder($"{street.Code}-SW{s:00}", ResponderRole.SocialWorker, home, street.Area));
        }
        return responders;
    }

    private ResponderSeed Responder(string id, ResponderRole role, Region community, Geometry area)
    {
        var skills = new SortedSet<string>(StringComparer.Ordinal);
        if (role == ResponderRole.SocialWorker) skills.Add("psychological-support");
        if (role is ResponderRole.SocialWorker or ResponderRole.GridWorker) skills.Add("elderly-care");
        for (var i = _random.Next(0, 3); i > 0; i--) skills.Add(Skills[_random.Next(Skills.Length)]);
        var mode = skills.Contains("driver") ? TravelMode.Car : _random.NextDouble() < (community.Urban ? 0.3 : 0.6) ? TravelMode.EBike : TravelMode.Walk;
        return new ResponderSeed(id, role, community.Code, [.. skills], mode, area.InteriorPoint, CertificatesFor(id, role, skills));
    }

    /// <summary>
    /// The certificates behind a responder's skills, valid until a date spread around the demo's year, so some have
    /// lapsed. Drawn from the id, not the city's random sequence, so adding them changed nothing else in the city.
    /// </summary>
    private static List<Certificate> CertificatesFor(string id, ResponderRole role, IEnumerable<string> skills)
    {
        var random = new Random(StableHash.Of(id));
        var codes = skills.Select(Certificate.RequiredFor).OfType<string>().ToList();
        if (role == ResponderRole.SocialWorker) codes.Add(Certificate.SocialWork);
        return [.. codes.Select(code => new Certificate(code, CertificateEpoch.AddDays(random.Next(-365, 3 * 365))))];
    }

    private static readonly DateOnly CertificateEpoch = new(2026, 6, 1);

    /// <summary>Splits a total over weights by largest remainder, each share at least <paramref name="minimum"/>.</summary>
    internal static int[] Allocate(int total, IReadOnlyList<double> weights, int minimum)
    {
        if (weights.Count == 0) return [];
        var spare = total - minimum * weights.Count;
        if (spare < 0) throw new ArgumentException($"Cannot give {weights.Count} shares at least {minimum} each from {total}.");
        var sum = weights.Sum();
        var exact = weights.Select(w => spare * w / sum).ToArray();
        var shares = exact.Select(e => minimum + (int)Math.Floor(e)).ToArray();
        var left = total - shares.Sum();
        foreach (var i in exact.Select((e, i) => (r: e - Math.Floor(e), i)).OrderByDescending(x => x.r).ThenBy(x => x.i).Take(left).Select(x => x.i)) shares[i]++;
        return shares;
    }

    private static string Sequence(int n) => n.ToString("000", CultureInfo.InvariantCulture);
}

/// <summary>Plausible Chinese place names, from the seed (the real streets of Chongqing are not public data here).</summary>
internal static class Names
{
    private static readonly string[] First = ["龙", "石", "桂", "青", "白", "金", "新", "华", "沙", "凤", "双", "黄", "红", "长", "平", "清", "马", "大", "南", "北", "东", "西", "翠", "兴", "观", "李", "云", "花", "梨", "松"];
    private static readonly string[] Second = ["湖", "桥", "山", "坪", "溪", "岩", "湾", "坝", "林", "园", "岗", "塘", "水", "江", "田", "家", "门", "阳", "峰", "苑"];

    internal static string Street(Random random, bool urban) => Two(random) + (urban ? "街道" : random.NextDouble() < 0.85 ? "镇" : "乡");

    internal static string Community(Random random, bool urban) => Two(random) + (urban ? "社区" : "村");

    private static string Two(Random random) => First[random.Next(First.Length)] + Second[random.Next(Second.Length)];
}
