using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Runtime;

namespace ThreeSocial.Api.Incidents;

// Optional fields carry defaults: strict binding treats every other constructor parameter as required.
public sealed record IncidentRequest(
    string Subtype, Severity Severity, double Longitude, double Latitude, string Description, string Reporter, PeopleInvolved? People = null);

public sealed record ActorRequest(string Actor);

public sealed record ReasonRequest(string Actor, string Reason);

public sealed record NoteRequest(string Actor, string Note);

/// <summary>Incidents: reported by grid workers or feeds, dispatched by the service, stepped through by responders.</summary>
public static class IncidentsApi
{
    public static IEndpointRouteBuilder MapIncidentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/incident-playbooks", () => TypedResults.Ok(Playbooks.All.OrderBy(p => p.Subtype, StringComparer.Ordinal).ToList()))
            .WithTags("Incidents").WithName("ListPlaybooks");
        app.MapPost("/api/v1/incidents", ReportIncident).WithTags("Incidents").WithName("ReportIncident");
        app.MapGet("/api/v1/incidents", OpenIncidents).WithTags("Incidents").WithName("ListOpenIncidents");

        var incident = app.MapGroup("/api/v1/incidents/{id}").WithTags("Incidents");
        incident.MapGet("", async (string id, IGrainFactory grains) => TypedResults.Ok(await Incident(grains, id).Get())).WithName("GetIncident");
        incident.MapPost("/acknowledgements", async (string id, ActorRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Acknowledge(body.Actor))).WithName("AcknowledgeIncident");
        incident.MapPost("/resolution", async (string id, NoteRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Resolve(body.Actor, body.Note))).WithName("ResolveIncident");
        incident.MapPost("/closure", async (string id, NoteRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Close(body.Actor, body.Note))).WithName("CloseIncident");
        incident.MapPost("/cancellation", async (string id, ReasonRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Cancel(body.Actor, body.Reason))).WithName("CancelIncident");

        var assignment = incident.MapGroup("/assignments/{responderId}");
        assignment.MapPost("/acceptance", async (string id, string responderId, ActorRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Accept(responderId, body.Actor))).WithName("AcceptAssignment");
        assignment.MapPost("/refusal", async (string id, string responderId, ReasonRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Decline(responderId, body.Actor, body.Reason))).WithName("DeclineAssignment");
        assignment.MapPost("/en-route", async (string id, string responderId, ActorRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Advance(responderId, IncidentStage.EnRoute, body.Actor))).WithName("AssignmentEnRoute");
        assignment.MapPost("/on-scene", async (string id, string responderId, ActorRequest body, IGrainFactory grains) =>
            TypedResults.Ok(await Incident(grains, id).Advance(responderId, IncidentStage.OnScene, body.Actor))).WithName("AssignmentOnScene");
        return app;
    }

    /// <summary>
    /// 201 once the report is durably stored, with its deadlines; dispatch follows at once in the background.
    /// A resend with the same Idempotency-Key answers 200 with the same incident and Idempotent-Replayed.
    /// </summary>
    public static async Task<Results<Created<IncidentView>, Ok<IncidentView>>> ReportIncident(
        IncidentRequest body, HttpContext http, RegionCatalog catalog, IGrainFactory grains)
    {
        var key = IdempotencyKey.From(http.Request);
        if (!double.IsFinite(body.Longitude) || !double.IsFinite(body.Latitude))
            throw new ArgumentException("Longitude and latitude are numbers (WGS 84).", "Location");
        var path = catalog.Locate(body.Longitude, body.Latitude)
            ?? throw new ArgumentException($"({body.Longitude}, {body.Latitude}) is not inside Chongqing.", "Location");
        var id = IncidentIds.For(path.Street.Code, key);
        var result = await grains.GetGrain<IIncidentGrain>(id).Report(new ThreeSocial.Grains.Incidents.ReportIncident(
            key, body.Subtype, body.Severity, body.Longitude, body.Latitude, body.Description, body.People ?? new PeopleInvolved(), body.Reporter));
        if (!result.Replayed) return TypedResults.Created($"/api/v1/incidents/{id}", result.Incident);
        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return TypedResults.Ok(result.Incident);
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
