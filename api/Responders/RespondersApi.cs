using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Responders;

public sealed record DutyRequest(bool OnDuty);

public sealed record PositionRequest(double Longitude, double Latitude, DateTimeOffset? At = null, double? AccuracyMeters = null);

/// <summary>Grid workers, volunteers, social workers and property staff: their registration and duty.</summary>
public static class RespondersApi
{
    public static IEndpointRouteBuilder MapRespondersApi(this IEndpointRouteBuilder app)
    {
        // A responder belongs to their home community: its grid worker, street office and operators may act for them.
        var responders = app.MapGroup("/api/v1/responders/{id}").WithTags("Responders").Require(Permission.ViewOperations, Scopes.Responder);
        responders.MapGet("", GetResponder).WithName("GetResponder");
        responders.MapPost("/duty", SetDuty).WithName("SetResponderDuty").Require(Permission.SetDuty, Scopes.Responder).ActsAsOwnResponder("id");
        responders.MapPost("/position", ReportPosition).WithName("ReportResponderPosition").Require(Permission.SetDuty, Scopes.Responder).ActsAsOwnResponder("id");
        return app;
    }

    public static async Task<Ok<ResponderStatus>> GetResponder(string id, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(await Responder(id, catalog, grains).GetStatus());

    /// <summary>Going on or off duty is absolute, so a resend with the same Idempotency-Key changes nothing.</summary>
    public static async Task<Ok<ResponderStatus>> SetDuty(
        string id, DutyRequest body, Caller caller, HttpRequest request, RegionCatalog catalog, IGrainFactory grains)
    {
        IdempotencyKey.From(request);
        return TypedResults.Ok(await Responder(id, catalog, grains).SetDuty(body.OnDuty, caller.Name));
    }

    /// <summary>A phone's fix; without a time it is taken as now. An older fix than the one held changes nothing.</summary>
    public static async Task<Ok<ResponderStatus>> ReportPosition(string id, PositionRequest body, HttpRequest request, RegionCatalog catalog,
        IGrainFactory grains, [FromKeyedServices(Orleans.Runtime.TimeProviderNames.Grains)] TimeProvider clock)
    {
        IdempotencyKey.From(request);
        var position = new Position(body.Longitude, body.Latitude, body.At ?? clock.GetUtcNow(), body.AccuracyMeters);
        return TypedResults.Ok(await Responder(id, catalog, grains).ReportPosition(position));
    }

    // Checked against the registry first, so an unknown id is a 404 without activating anything.
    private static IResponderGrain Responder(string id, RegionCatalog catalog, IGrainFactory grains) =>
        id.Length <= 40 && catalog.Responder(id) is not null
            ? grains.GetGrain<IResponderGrain>(id)
            : throw new NotFoundException("missing.responder", Quote.Of(id));
}
