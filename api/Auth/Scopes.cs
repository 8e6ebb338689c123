using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>How each kind of target is placed in the city.</summary>
public static class Scopes
{
    /// <summary>A region code in the route (a district, street, community, grid, or the city 500000).</summary>
    public static ScopeOf Region(string routeValue = "code") => context =>
        ValueTask.FromResult(context.Request.RouteValues[routeValue] is string code ? new RegionScope([code], false) : null);

    /// <summary>A region code in the query string.</summary>
    public static ScopeOf RegionInQuery(string name) => context =>
        ValueTask.FromResult(context.Request.Query[name].ToString() is { Length: > 0 } code ? new RegionScope([code], false) : null);

    /// <summary>The grid the incident lies in (its community, street and district hold it too).</summary>
    public static readonly ScopeOf Incident = async context => await IncidentPlace(context) is { } grid ? new RegionScope([grid], true) : null;

    /// <summary>The incident's grid, or the responder's home community: a grid worker relays for the responders of their own community.</summary>
    public static readonly ScopeOf IncidentOrResponder = async context =>
    {
        if (await IncidentPlace(context) is not { } grid) return null;
        var responder = context.RequestServices.GetRequiredService<RegionCatalog>().Responder(RouteValue(context, "responderId"));
        return new RegionScope(responder is null ? [grid] : [grid, responder.HomeCommunity], true);
    };

    /// <summary>A stockpile's owner (a community, street or district).</summary>
    public static readonly ScopeOf Stockpile = context =>
        ValueTask.FromResult(StockpileId.TryParse(RouteValue(context, "id"), out var stockpile) ? new RegionScope([stockpile.Owner.ToString()], false) : null);

    public static readonly ScopeOf Responder = context =>
    {
        var responder = context.RequestServices.GetRequiredService<RegionCatalog>().Responder(RouteValue(context, "id"));
        return ValueTask.FromResult(responder is null ? null : new RegionScope([responder.HomeCommunity], false));
    };

    /// <summary>An alert id names the street or district whose inbox it is in: "ALT-{code}-…".</summary>
    public static readonly ScopeOf Alert = context =>
        ValueTask.FromResult(AlertIds.JurisdictionOf(RouteValue(context, "id")) is { } code ? new RegionScope([code], true) : null);

    /// <summary>The whole city: for what is not divided by region (users, the audit log).</summary>
    public static readonly ScopeOf City = _ => ValueTask.FromResult<RegionScope?>(new RegionScope([Grains.Geography.ChongqingDistricts.CityCode], false));

    private static async ValueTask<string?> IncidentPlace(HttpContext context)
    {
        var id = RouteValue(context, "id");
        if (!IncidentIds.IsWellFormed(id)) return null;
        try
        {
            var summary = await context.RequestServices.GetRequiredService<IGrainFactory>().GetGrain<IIncidentGrain>(id).GetSummary();
            return summary.Place.Grid;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static string RouteValue(HttpContext context, string name) => context.Request.RouteValues[name] as string ?? "";
}
