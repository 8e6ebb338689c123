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

public sealed record NoteRequest(string Note);

/// <summary>Incidents: reported by grid workers or feeds, dispatched by the service, stepped through by responders.</summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/incident-playbooks", () => TypedResults.Ok(Playbooks.All.OrderBy(p => p.Subtype, StringComparer.Ordinal).ToList()))
            .WithTags("Incidents").WithName("ListPlaybooks").Require(Permission.ViewMap);
        // Where a report may be made is checked against its location, once that is resolved (see ReportIncident).
        app.MapPost("/api/v1/incidents", ReportIncident).WithTags("Incidents").WithName("ReportIncident").Require(Permission.ReportIncident);
        app.MapGet("/api/v1/incidents", OpenIncidents).WithTags("Incidents").WithName("ListOpenIncidents")
            .Require(Permission.ViewOperations, Scopes.RegionInQuery("region"));

        var incident = app.MapGroup("/api/v1/incidents/{id}").WithTags("Incidents");
        incident.MapGet("", async (string id, Caller caller, IGrainFactory grains) => TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Get(), caller)))
            .WithName("GetIncident").Require(Permission.ViewOperations, Scopes.Incident);
        incident.MapPost("/acknowledgements", async (string id, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Acknowledge(caller.Name), caller)))
            .WithName("AcknowledgeIncident").Require(Permission.SuperviseIncident, Scopes.Incident);
        incident.MapPost("/resolution", async (string id, NoteRequest body, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Resolve(caller.Name, body.Note), caller)))
            .WithName("ResolveIncident").Require(Permission.UpdateIncident, Scopes.Incident);
        incident.MapPost("/closure", async (string id, NoteRequest body, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Close(caller.Name, body.Note), caller)))
            .WithName("CloseIncident").Require(Permission.SuperviseIncident, Scopes.Incident);
        incident.MapPost("/cancellation", async (string id, ReasonRequest body, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Cancel(caller.Name, body.Reason), caller)))
            .WithName("CancelIncident").Require(Permission.SuperviseIncident, Scopes.Incident);

        var assignment = incident.MapGroup("/assignments/{responderId}").Require(Permission.UpdateIncident, Scopes.IncidentOrResponder);
        assignment.MapPost("/acceptance", async (string id, string responderId, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Accept(responderId, caller.Name), caller))).WithName("AcceptAssignment");
        assignment.MapPost("/refusal", async (string id, string responderId, ReasonRequest body, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Decline(responderId, caller.Name, body.Reason), caller))).WithName("DeclineAssignment");
        assignment.MapPost("/en-route", async (string id, string responderId, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Advance(responderId, IncidentStage.EnRoute, caller.Name), caller))).WithName("AssignmentEnRoute");
        assignment.MapPost("/on-scene", async (string id, string responderId, Caller caller, IGrainFactory grains) =>
            TypedResults.Ok(PersonalData.Shown(await Incident(grains, id).Advance(responderId, IncidentStage.OnScene, caller.Name), caller))).WithName("AssignmentOnScene");
        return app;
    }

    /// <summary>
    /// 201 once the report is durably stored, with its deadlines; dispatch follows at once in the background.
    /// A resend with the same Idempotency-Key answers 200 with the same incident and Idempotent-Replayed.
    /// </summary>
    public static async Task<Results<Created<IncidentView>, Ok<IncidentView>>> ReportIncident(
        IncidentRequest body, Caller caller, HttpContext http, RegionCatalog catalog, IGrainFactory grains)
    {
        var key = IdempotencyKey.From(http.Request);
        if (!double.IsFinite(body.Longitude) || !double.IsFinite(body.Latitude))
            throw new ArgumentException("Longitude and latitude are numbers (WGS 84).", "Location");
        var path = catalog.Locate(body.Longitude, body.Latitude)
            ?? throw new ArgumentException($"({body.Longitude}, {body.Latitude}) is not inside Chongqing.", "Location");
        caller.Demand(path.Grid.Code, "The incident's location");
        var id = IncidentIds.For(path.Street.Code, key);
        var result = await grains.GetGrain<IIncidentGrain>(id).Report(new ThreeSocial.Grains.Incidents.ReportIncident(
            key, body.Subtype, body.Severity, body.Longitude, body.Latitude, body.Description, body.People ?? new PeopleInvolved(), caller.Name, body.Contact));
        var shown = PersonalData.Shown(result.Incident, caller);
        if (!result.Replayed) return TypedResults.Created($"/api/v1/incidents/{id}", shown);
        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return TypedResults.Ok(shown);
    }

    /// <summary>The open incidents of the city (500000), a district, street, community or grid (`?region=code`), most urgent deadline first.</summary>
    public static async Task<Ok<List<IncidentSummary>>> OpenIncidents(string region, RegionCatalog catalog, IGrainFactory grains)
    {
        if (region != ChongqingDistricts.CityCode && catalog.Find(region ?? "") is null)
            throw new ArgumentException($"{Quote.Of(region ?? "")} is not the code of the city, a district, street, community or grid.", nameof(region));
        return TypedResults.Ok(await ThreeSocial.Grains.Incidents.OpenIncidents.In(grains, catalog, region!));
    }

    // Checked before any grain is touched, so a made-up id is a 404 that activates nothing.
    private static IIncidentGrain Incident(IGrainFactory grains, string id) =>
        IncidentIds.IsWellFormed(id) ? grains.GetGrain<IIncidentGrain>(id) : throw new NotFoundException($"No incident {Quote.Of(id)}.");
}
