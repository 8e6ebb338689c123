using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Where a request's target lies: region codes, any one of which inside the caller's jurisdiction is enough. Hidden
/// targets (incidents, alerts: found by id) answer 404 outside the jurisdiction, so their existence does not leak;
/// region-addressed ones (codes are public) answer 403.
/// </summary>
public sealed record RegionScope(IReadOnlyList<string> Codes, bool HiddenOutside);

/// <summary>Null when the target does not exist: the endpoint itself then answers 404 (or 400).</summary>
public delegate ValueTask<RegionScope?> ScopeOf(HttpContext context);

/// <summary>
/// Every endpoint carries exactly one rule: public, or a permission with (usually) the region it acts on. An endpoint
/// without a rule is refused (see AccessMiddleware) and fails the authorisation matrix test.
/// </summary>
public sealed record AccessRule(Permission? Permission, ScopeOf? Scope)
{
    public static readonly AccessRule Open = new(null, null);

    public bool IsPublic => Permission is null;
}

public static class AccessRuleExtensions
{
    /// <summary>Anyone, signed in or not: health, sign-in, the OpenAPI document, the dashboard's settings.</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AccessRule.Open);

    /// <summary>A signed-in user with the permission, and, given a scope, a jurisdiction that holds the target.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, Permission permission, ScopeOf? scope = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(permission, scope));
}

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
