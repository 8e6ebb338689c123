using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Incidents;

// Optional fields carry defaults: strict binding treats every other constructor parameter as required.
public sealed record IncidentRequest(
    string Subtype, Severity Severity, double Longitude, double Latitude, string Description, PeopleInvolved? People = null, Contact? Contact = null);

public sealed record ReasonRequest(string Reason);

/// <summary>Resolving or closing: a note, and the resident's satisfaction 1–5 when they were asked.</summary>
public sealed record EndingRequest(string Note, int? Satisfaction = null);

/// <summary>Incidents: reported by grid workers or feeds, dispatched by the service, stepped through by responders.</summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/incident-playbooks", ListPlaybooks).WithTags("Incidents").WithName("ListPlaybooks").Require(Permission.ViewMap);

        // Every incident these endpoints answer with passes through the mask: none of them can forget it.
        var incidents = app.MapGroup("/api/v1/incidents").WithTags("Incidents").AddEndpointFilter(PersonalData.MaskIncidents);
        // Where a report may be made is checked against its location, once that is resolved (see ReportIncident).
        incidents.MapPost("", ReportIncident).WithName("ReportIncident").Require(Permission.ReportIncident);
        incidents.MapGet("", OpenIncidents).WithName("ListOpenIncidents").Require(Permission.ViewOperations, Scopes.RegionInQuery("region"));

        var incident = incidents.MapGroup("/{id}");
        incident.MapGet("", GetIncident).WithName("GetIncident").Require(Permission.ViewOperations, Scopes.Incident);
        incident.MapPost("/acknowledgements", Acknowledge).WithName("AcknowledgeIncident").Require(Permission.SuperviseIncident, Scopes.Incident);
        incident.MapPost("/resolution", Resolve).WithName("ResolveIncident").Require(Permission.UpdateIncident, Scopes.Incident);
        incident.MapPost("/closure", Close).WithName("CloseIncident").Require(Permission.SuperviseIncident, Scopes.Incident);
        incident.MapPost("/cancellation", Cancel).WithName("CancelIncident").Require(Permission.SuperviseIncident, Scopes.Incident);

        var assignment = incident.MapGroup("/assignments/{responderId}").Require(Permission.UpdateIncident, Scopes.IncidentOrResponder)
            .ActsAsOwnResponder("responderId");
        assignment.MapPost("/acceptance", AcceptAssignment).WithName("AcceptAssignment");
        assignment.MapPost("/refusal", DeclineAssignment).WithName("DeclineAssignment");
        assignment.MapPost("/en-route", EnRoute).WithName("AssignmentEnRoute");
        assignment.MapPost("/on-scene", OnScene).WithName("AssignmentOnScene");
        return app;
    }

    public static Ok<List<Playbook>> ListPlaybooks(Playbooks playbooks) => TypedResults.Ok(playbooks.All.OrderBy(p => p.Subtype, StringComparer.Ordinal).ToList());

    /// <summary>
    /// 201 once the report is durably stored, with its deadlines; dispatch follows at once in the background.
    /// A resend with the same Idempotency-Key answers 200 with the same incident and Idempotent-Replayed.
    /// </summary>
    public static async Task<Results<Created<IncidentView>, Ok<IncidentView>>> ReportIncident(
        IncidentRequest body, Caller caller, HttpContext http, RegionCatalog catalog, IGrainFactory grains)
    {
        var key = IdempotencyKey.From(http.Request);
        if (!double.IsFinite(body.Longitude) || !double.IsFinite(body.Latitude))
            throw new InvalidRequestException("Location", "invalid.lon-lat-numbers");
        var path = catalog.Locate(body.Longitude, body.Latitude)
            ?? throw new InvalidRequestException("Location", "invalid.outside-city", body.Longitude, body.Latitude);
        caller.Demand(path.Grid.Code, "auth.incident-location");
        var id = IncidentIds.For(path.Street.Code, key);
        var result = await grains.GetGrain<IIncidentGrain>(id).Report(new ThreeSocial.Grains.Incidents.ReportIncident(
            key, body.Subtype, body.Severity, body.Longitude, body.Latitude, body.Description, body.People ?? new PeopleInvolved(), caller.Name, body.Contact));
        if (!result.Replayed) return TypedResults.Created($"/api/v1/incidents/{id}", result.Incident);
        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return TypedResults.Ok(result.Incident);
    }

    /// <summary>The open incidents of the city (500000), a district, street, community or grid (`?region=code`), most urgent deadline first.</summary>
    public static async Task<Ok<List<IncidentSummary>>> OpenIncidents(string region, RegionCatalog catalog, IGrainFactory grains)
    {
        if (region != ChongqingDistricts.CityCode && catalog.Find(region ?? "") is null)
            throw new InvalidRequestException(nameof(region), "invalid.not-a-region", Quote.Of(region ?? ""));
        return TypedResults.Ok(await ThreeSocial.Grains.Incidents.OpenIncidents.In(grains, catalog, region!));
    }

    public static async Task<Ok<IncidentView>> GetIncident(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Get());

    public static async Task<Ok<IncidentView>> Acknowledge(string id, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Acknowledge(caller.Name));

    public static async Task<Ok<IncidentView>> Resolve(string id, EndingRequest body, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Resolve(caller.Name, body.Note, body.Satisfaction));

    public static async Task<Ok<IncidentView>> Close(string id, EndingRequest body, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Close(caller.Name, body.Note, body.Satisfaction));

    public static async Task<Ok<IncidentView>> Cancel(string id, ReasonRequest body, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Cancel(caller.Name, body.Reason));

    public static async Task<Ok<IncidentView>> AcceptAssignment(string id, string responderId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Accept(responderId, caller.Name));

    public static async Task<Ok<IncidentView>> DeclineAssignment(string id, string responderId, ReasonRequest body, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Decline(responderId, caller.Name, body.Reason));

    public static async Task<Ok<IncidentView>> EnRoute(string id, string responderId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Advance(responderId, IncidentStage.EnRoute, caller.Name));

    public static async Task<Ok<IncidentView>> OnScene(string id, string responderId, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(await Incident(grains, id).Advance(responderId, IncidentStage.OnScene, caller.Name));

    // Checked before any grain is touched, so a made-up id is a 404 that activates nothing.
    private static IIncidentGrain Incident(IGrainFactory grains, string id) =>
        IncidentIds.IsWellFormed(id) ? grains.GetGrain<IIncidentGrain>(id) : throw new NotFoundException("missing.incident", Quote.Of(id));
}
