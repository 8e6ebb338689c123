using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using NetTopologySuite.Geometries;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Regions;

/// <param name="Covered">Whether the caller's jurisdiction holds the region (the map follows only regions it covers).</param>
public sealed record RegionRef(string Code, string Name, bool Covered);

public sealed record LocatedPoint(double Longitude, double Latitude, RegionRef District, RegionRef Street, RegionRef Community, RegionRef Grid);

/// <summary>
/// The administrative areas as RFC 7946 GeoJSON (application/geo+json) for the map, and point lookup. Each feature
/// carries its profile (who lives there) and, for districts, streets and communities inside the caller's
/// jurisdiction, its live roll-up ("live"). Outlines and profiles are the base map every signed-in user sees.
/// </summary>
public static class RegionsApi
{
    public const int MaxGridsPerPage = 1000;

    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        var regions = app.MapGroup("/api/v1/regions").WithTags("Regions").Require(Permission.ViewMap);
        regions.MapGet("/districts", GetDistricts).WithName("GetDistricts");
        regions.MapGet("/grids", GetGrids).WithName("GetGridsInViewport");
        regions.MapGet("/lookup", Lookup).WithName("LookupPoint");
        regions.MapGet("/{code}", GetRegion).WithName("GetRegion");
        regions.MapGet("/{code}/children", GetChildren).WithName("GetRegionChildren");
        regions.MapGet("/{code}/status", GetLiveStatus).WithName("GetRegionLiveStatus").Require(Permission.ViewOperations, Scopes.Region());
        return app;
    }

    public static Task<IResult> GetDistricts(Caller caller, RegionCatalog catalog, IGrainFactory grains) =>
        LiveCollection(caller, catalog, grains, catalog.Districts);

    public static async Task<IResult> GetRegion(string code, Caller caller, RegionCatalog catalog, IGrainFactory grains)
    {
        var region = Known(catalog, code);
        var live = SeesLive(caller, region.Code) ? await LiveTotals.Of(grains, region) : null;
        return new GeoJsonResult(writer => RegionGeoJson.WriteFeature(writer, region, catalog.Profile(region.Code), live?.Totals));
    }

    public static Task<IResult> GetChildren(string code, Caller caller, RegionCatalog catalog, IGrainFactory grains) =>
        LiveCollection(caller, catalog, grains, code == ChongqingDistricts.CityCode ? catalog.Districts : catalog.Children(Known(catalog, code).Code));

    /// <summary>The live roll-up alone (people on duty by role, meals): for the city (500000) or any district, street, community or grid.</summary>
    public static async Task<Ok<RollupTotals>> GetLiveStatus(string code, RegionCatalog catalog, IGrainFactory grains)
    {
        if (code == ChongqingDistricts.CityCode) return TypedResults.Ok((await LiveTotals.OfCity(grains)).Totals);
        var region = Known(catalog, code);
        return TypedResults.Ok((await LiveTotals.Of(grains, region))!.Totals);
    }

    /// <param name="bbox">minLon,minLat,maxLon,maxLat of the map's viewport.</param>
    public static IResult GetGrids(string bbox, RegionCatalog catalog, int limit = 500, int page = 1)
    {
        if (limit is < 1 or > MaxGridsPerPage) throw new InvalidRequestException(nameof(limit), "invalid.between", nameof(limit), 1, MaxGridsPerPage);
        if (page < 1) throw new InvalidRequestException(nameof(page), "invalid.page", nameof(page));
        var viewport = ParseBbox(bbox);
        var (grids, total) = catalog.GridsIn(viewport, (page - 1) * limit, limit);
        return Collection(catalog, grids, writer =>
        {
            writer.WriteNumber("total", total);
            writer.WriteNumber("page", page);
            writer.WriteNumber("limit", limit);
            if (page * limit < total) writer.WriteString("next", $"/api/v1/regions/grids?bbox={bbox}&limit={limit}&page={page + 1}");
        });
    }

    public static Ok<LocatedPoint> Lookup(double lon, double lat, Caller caller, RegionCatalog catalog)
    {
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
            throw new InvalidRequestException(nameof(lon), "invalid.lon-lat");
        var path = catalog.Locate(lon, lat)
            ?? throw new DomainRuleException("rule.outside-city", lon, lat);
        RegionRef Ref(Region region) => new(region.Code, region.Name, caller.Covers(region.Code));
        return TypedResults.Ok(new LocatedPoint(lon, lat, Ref(path.District), Ref(path.Street), Ref(path.Community), Ref(path.Grid)));
    }

    private static Region Known(RegionCatalog catalog, string code)
    {
        RegionCode.Parse(code);
        return catalog.Find(code) ?? throw new NotFoundException("missing.region", code);
    }

    private static Envelope ParseBbox(string bbox)
    {
        var parts = bbox.Split(',');
        if (parts.Length != 4 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)))
            throw new InvalidRequestException(nameof(bbox), "invalid.bbox");
        var v = parts.Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (v[0] >= v[2] || v[1] >= v[3]) throw new InvalidRequestException(nameof(bbox), "invalid.bbox-order");
        return new Envelope(v[0], v[2], v[1], v[3]);
    }

    private static GeoJsonResult Collection(RegionCatalog catalog, IEnumerable<Region> regions, Action<Utf8JsonWriter>? extra = null) =>
        new GeoJsonResult(writer => RegionGeoJson.WriteFeatureCollection(writer, regions, catalog.Profile, extra));

    private static async Task<IResult> LiveCollection(Caller caller, RegionCatalog catalog, IGrainFactory grains, IReadOnlyList<Region> regions)
    {
        var live = await LiveTotals.OfAll(grains, [.. regions.Where(r => SeesLive(caller, r.Code))]);
        return new GeoJsonResult(writer => RegionGeoJson.WriteFeatureCollection(writer, regions, catalog.Profile, liveOf: code => live.GetValueOrDefault(code)?.Totals));
    }

    private static bool SeesLive(Caller caller, string code) => caller.Can(Permission.ViewOperations) && caller.Covers(code);

}
