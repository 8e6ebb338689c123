using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;

namespace ThreeSocial.Tests.Auth;

/// <summary>
/// Every endpoint the silo maps, as the tests expect it: who may use it, what it acts on, and a well-formed request.
/// The authorisation matrix and the bad-input sweep both walk it; an endpoint missing here fails the matrix.
/// </summary>
public static class EndpointCatalogue
{
    public static readonly Role[] Everyone = [Role.Operator, Role.GridWorker, Role.StreetOffice, Role.Admin];
    public static readonly Role[] Operations = [Role.Operator, Role.GridWorker, Role.StreetOffice];
    public static readonly Role[] OperatorAndGrid = [Role.Operator, Role.GridWorker];
    public static readonly Role[] OperatorAndStreet = [Role.Operator, Role.StreetOffice];
    public static readonly Role[] AdminOnly = [Role.Admin];

    /// <summary>What a request is about: resolved once for a place inside the test users' jurisdiction and once outside.</summary>
    public sealed record Place(string District, string Street, string Community, string Grid, double Longitude, double Latitude,
        string Incident, string Alert, string Stockpile, string Responder, string Silo);

    /// <param name="Allowed">Roles that may use it; null means public (no sign-in needed).</param>
    /// <param name="Target">The region code the request acts on, or null when it is not tied to a place.</param>
    /// <param name="Hidden">Outside the jurisdiction the target is hidden (404), not refused (403).</param>
    public sealed record Rule(string Method, string Route, Role[]? Allowed, Func<Place, string> Path,
        Func<Place, string>? Target = null, bool Hidden = false, Func<Place, object>? Body = null, string[]? Optional = null)
    {
        /// <summary>Body fields a request may leave out.</summary>
        public bool IsOptional(string field) => Optional?.Contains(field, StringComparer.OrdinalIgnoreCase) == true;

        /// <summary>What people type (a note, a reason, a description, a password): script or SQL text there is just text.</summary>
        public static bool IsFreeText(string field) => field is "note" or "reason" or "description" or "password";
    }

    private static int _unique;

    /// <summary>The table shipped with the service: putting it back changes nothing the other tests count on.</summary>
    private static object ShippedHolidays()
    {
        var shipped = ThreeSocial.Grains.Calendar.HolidayTable.Shipped();
        return new { holidays = shipped.Holidays, makeUpWorkdays = shipped.MakeUpWorkdays };
    }

    public static IEnumerable<Rule> Rules()
    {
        // Public.
        yield return new("GET", "/healthz", null, _ => "/healthz");
        yield return new("GET", "/openapi/{documentName}.json", null, _ => "/openapi/v1.json");
        yield return new("GET", "/docs/{documentName?}", null, _ => "/docs/v1");
        yield return new("GET", "/docs/scalar.js", null, _ => "/docs/scalar.js");
        yield return new("GET", "/docs/scalar.aspnetcore.js", null, _ => "/docs/scalar.aspnetcore.js");
        yield return new("GET", "/docs/favicon.svg", null, _ => "/docs/favicon.svg");
        yield return new("GET", "/api/v1/dashboard/config", null, _ => "/api/v1/dashboard/config");
        yield return new("GET", "/worker", null, _ => "/worker");
        yield return new("POST", "/api/v1/auth/token", null, _ => "/api/v1/auth/token", Body: _ => new { userName = "operator", password = RunningSilo.Password });
        // Every signed-in user.
        yield return new("GET", "/api/v1/auth/me", Everyone, _ => "/api/v1/auth/me");
        yield return new("GET", "/api/v1/incident-playbooks", Everyone, _ => "/api/v1/incident-playbooks");
        yield return new("GET", "/api/v1/regions/districts", Everyone, _ => "/api/v1/regions/districts");
        yield return new("GET", "/api/v1/regions/grids", Everyone, p => $"/api/v1/regions/grids?bbox={p.Longitude - 0.01},{p.Latitude - 0.01},{p.Longitude + 0.01},{p.Latitude + 0.01}");
        yield return new("GET", "/api/v1/regions/lookup", Everyone, p => $"/api/v1/regions/lookup?lon={p.Longitude}&lat={p.Latitude}");
        yield return new("GET", "/api/v1/regions/{code}", Everyone, p => $"/api/v1/regions/{p.Community}");
        yield return new("GET", "/api/v1/regions/{code}/children", Everyone, p => $"/api/v1/regions/{p.Street}/children");
        // Operations, inside the jurisdiction.
        yield return new("GET", "/api/v1/regions/{code}/status", Operations, p => $"/api/v1/regions/{p.Community}/status", p => p.Community);
        yield return new("GET", "/api/v1/live/{group}", Operations, p => $"/api/v1/live/{p.Street}", p => p.Street);
        yield return new("POST", "/hubs/city/negotiate", Operations, _ => "/hubs/city/negotiate?negotiateVersion=1");
        yield return new("GET", "/hubs/city/negotiate", Operations, _ => "/hubs/city/negotiate");
        yield return new("GET", "/hubs/city", Operations, _ => "/hubs/city");
        yield return new("POST", "/hubs/city", Operations, _ => "/hubs/city", Body: _ => new { });
        yield return new("DELETE", "/hubs/city", Operations, _ => "/hubs/city");
        yield return new("GET", "/api/v1/communities/{code}", Operations, p => $"/api/v1/communities/{p.Community}", p => p.Community);
        yield return new("GET", "/api/v1/communities/{code}/meals", Operations, p => $"/api/v1/communities/{p.Community}/meals", p => p.Community);
        yield return new("POST", "/api/v1/communities/{code}/meals", [Role.GridWorker, Role.StreetOffice], p => $"/api/v1/communities/{p.Community}/meals", p => p.Community,
            Body: _ => new { booked = 1 });
        yield return new("GET", "/api/v1/responders/{id}", Operations, p => $"/api/v1/responders/{p.Responder}", p => p.Community);
        yield return new("POST", "/api/v1/responders/{id}/duty", OperatorAndGrid, p => $"/api/v1/responders/{p.Responder}/duty", p => p.Community,
            Body: _ => new { onDuty = false });
        yield return new("POST", "/api/v1/responders/{id}/position", OperatorAndGrid, p => $"/api/v1/responders/{p.Responder}/position", p => p.Community,
            Body: p => new { longitude = p.Longitude, latitude = p.Latitude });
        // The volunteer time bank: a ledger is placed by its volunteer's community, a redemption by the community recording it.
        yield return new("GET", "/api/v1/responders/{id}/time-bank", Operations, p => $"/api/v1/responders/{p.Responder}/time-bank", p => p.Community);
        yield return new("POST", "/api/v1/responders/{id}/time-bank/approvals", [Role.StreetOffice], p => $"/api/v1/responders/{p.Responder}/time-bank/approvals", p => p.Community,
            Body: _ => new { creditId = "C-none" });
        yield return new("POST", "/api/v1/communities/{code}/time-bank/redemptions", [Role.GridWorker, Role.StreetOffice], p => $"/api/v1/communities/{p.Community}/time-bank/redemptions", p => p.Community,
            Body: p => new { responderId = p.Responder, hours = 1, what = "matrix" });
        yield return new("GET", "/api/v1/regions/{code}/time-bank", Operations, p => $"/api/v1/regions/{p.Street}/time-bank", p => p.Street);
        // Incidents: a report is placed by its location; an incident found by id is hidden outside.
        yield return new("POST", "/api/v1/incidents", OperatorAndGrid, _ => "/api/v1/incidents", p => p.Grid,
            Body: p => new { subtype = "welfare-check", severity = "General", longitude = p.Longitude, latitude = p.Latitude, description = "matrix" });
        yield return new("GET", "/api/v1/incidents", Operations, p => $"/api/v1/incidents?region={p.Community}", p => p.Community);
        yield return new("GET", "/api/v1/incidents/{id}", Operations, p => $"/api/v1/incidents/{p.Incident}", p => p.Grid, Hidden: true);
        yield return new("POST", "/api/v1/incidents/{id}/acknowledgements", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/acknowledgements", p => p.Grid, Hidden: true);
        yield return new("POST", "/api/v1/incidents/{id}/resolution", OperatorAndGrid, p => $"/api/v1/incidents/{p.Incident}/resolution", p => p.Grid, Hidden: true,
            Body: _ => new { note = "matrix", satisfaction = 4 }, Optional: ["satisfaction"]);
        yield return new("POST", "/api/v1/incidents/{id}/closure", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/closure", p => p.Grid, Hidden: true,
            Body: _ => new { note = "matrix", satisfaction = 5 }, Optional: ["satisfaction"]);
        yield return new("POST", "/api/v1/incidents/{id}/cancellation", OperatorAndStreet, p => $"/api/v1/incidents/{p.Incident}/cancellation", p => p.Grid, Hidden: true,
            Body: _ => new { reason = "matrix" });
        foreach (var step in new[] { "acceptance", "refusal", "en-route", "on-scene" })
            yield return new("POST", $"/api/v1/incidents/{{id}}/assignments/{{responderId}}/{step}", OperatorAndGrid,
                p => $"/api/v1/incidents/{p.Incident}/assignments/{p.Responder}/{step}", p => p.Grid, Hidden: true,
                Body: step == "refusal" ? _ => new { reason = "matrix" } : null);
        // Stockpiles: placed by their owner's code.
        yield return new("GET", "/api/v1/stockpiles/{id}", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}", p => p.Community);
        yield return new("GET", "/api/v1/stockpiles/{id}/ledger", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/ledger", p => p.Community);
        yield return new("GET", "/api/v1/stockpiles/{id}/batches/{category}", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/batches/3010101", p => p.Community);
        yield return new("POST", "/api/v1/stockpiles/{id}/receipts", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/receipts", p => p.Community,
            Body: _ => new { category = "3010101", quantity = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/issues", Operations, p => $"/api/v1/stockpiles/{p.Stockpile}/issues", p => p.Community,
            Body: _ => new { category = "3010101", quantity = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/adjustments", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/adjustments", p => p.Community,
            Body: _ => new { batchId = "B00001", delta = 1, reason = "matrix" });
        yield return new("POST", "/api/v1/stockpiles/{id}/stocktakes", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/stocktakes", p => p.Community,
            Body: _ => new { batchId = "B00001", counted = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/expiry-write-offs", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/expiry-write-offs", p => p.Community);
        yield return new("POST", "/api/v1/stockpiles/{id}/minimum-levels", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/minimum-levels", p => p.Community,
            Body: _ => new { category = "3010101", minimum = 1 });
        yield return new("POST", "/api/v1/stockpiles/{id}/transfers", OperatorAndStreet, p => $"/api/v1/stockpiles/{p.Stockpile}/transfers", p => p.Community,
            Body: p => new { to = p.Street + "-S01", category = "3010101", quantity = 1 });
        // Alerts: an alert belongs to its street's inbox.
        yield return new("GET", "/api/v1/alerts/{id}", Operations, p => $"/api/v1/alerts/{p.Alert}", p => p.Street, Hidden: true);
        yield return new("GET", "/api/v1/alerts/{id}/deliveries", Operations, p => $"/api/v1/alerts/{p.Alert}/deliveries", p => p.Street, Hidden: true);
        yield return new("POST", "/api/v1/alerts/{id}/acknowledgement", OperatorAndStreet, p => $"/api/v1/alerts/{p.Alert}/acknowledgement", p => p.Street, Hidden: true,
            Body: _ => new { note = "matrix" }, Optional: ["note"]);
        yield return new("GET", "/api/v1/alert-inboxes/{code}", Operations, p => $"/api/v1/alert-inboxes/{p.Street}", p => p.Street);
        yield return new("GET", "/api/v1/alert-inboxes/{code}/webhooks", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks", p => p.Street);
        yield return new("POST", "/api/v1/alert-inboxes/{code}/webhooks", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks", p => p.Street,
            Body: _ => new { url = "https://example.org/cap" });
        yield return new("DELETE", "/api/v1/alert-inboxes/{code}/webhooks/{id}", OperatorAndStreet, p => $"/api/v1/alert-inboxes/{p.Street}/webhooks/WH-none", p => p.Street);
        // Administration.
        yield return new("GET", "/metrics", AdminOnly, _ => "/metrics");
        // Orleans' dashboard, for admins; its page's cookie is opened by an admin's POST. Grain state (residents' personal
        // data) and the log stream are refused to everyone.
        yield return new("POST", "/api/v1/auth/orleans-dashboard-session", AdminOnly, _ => "/api/v1/auth/orleans-dashboard-session");
        foreach (var page in new[] { "", "/index.html", "/favicon.ico", "/index.min.js", "/index.css", "/version", "/DashboardCounters", "/ClusterStats",
                     "/Reminders", "/TopGrainMethods", "/LifecycleStages", "/GrainTypes" })
            yield return new("GET", "/admin/orleans" + page, AdminOnly, _ => "/admin/orleans" + (page == "" ? "/" : page));
        yield return new("GET", "/admin/orleans/fonts/{**path}", AdminOnly, _ => "/admin/orleans/fonts/missing.woff");
        yield return new("GET", "/admin/orleans/img/{**path}", AdminOnly, _ => "/admin/orleans/img/missing.png");
        yield return new("GET", "/admin/orleans/Reminders/{page:int}", AdminOnly, _ => "/admin/orleans/Reminders/1");
        foreach (var silo in new[] { "HistoricalStats/{*path}", "SiloProperties/{*address}", "SiloMetadata/{*address}", "SiloStats/{*address}", "SiloCounters/{*address}" })
            yield return new("GET", "/admin/orleans/" + silo, AdminOnly, p => $"/admin/orleans/{silo[..silo.IndexOf('/')]}/{p.Silo}");
        yield return new("GET", "/admin/orleans/GrainStats/{*grainName}", AdminOnly, _ => "/admin/orleans/GrainStats/ThreeSocial.Grains.Alerts.AlertGrain");
        yield return new("GET", "/admin/orleans/GrainState", [], _ => "/admin/orleans/GrainState?grainId=500103&grainType=ThreeSocial.Grains.Incidents.IncidentGrain");
        yield return new("GET", "/admin/orleans/Trace", [], _ => "/admin/orleans/Trace");
        yield return new("GET", "/api/v1/audit", AdminOnly, _ => "/api/v1/audit?take=5");
        yield return new("GET", "/api/v1/calendar/holidays", Everyone, _ => "/api/v1/calendar/holidays");
        yield return new("GET", "/api/v1/reports/compliance", OperatorAndStreet, p => $"/api/v1/reports/compliance?region={p.Street}&period=week", p => p.Street);
        yield return new("PUT", "/api/v1/calendar/holidays", AdminOnly, _ => "/api/v1/calendar/holidays", Body: _ => ShippedHolidays());
        yield return new("GET", "/api/v1/users", AdminOnly, _ => "/api/v1/users");
        yield return new("POST", "/api/v1/users", AdminOnly, _ => "/api/v1/users",
            Body: _ => new { name = $"matrix-made-{Interlocked.Increment(ref _unique)}", password = "a-long-enough-password", roles = new[] { "operator" }, jurisdiction = new[] { "500103" } });
        yield return new("GET", "/api/v1/users/{name}", AdminOnly, _ => "/api/v1/users/matrix-victim");
        yield return new("PATCH", "/api/v1/users/{name}", AdminOnly, _ => "/api/v1/users/matrix-victim", Body: _ => new { disabled = true });
    }

    /// <summary>A community of the district with an incident, an alert, a stockpile and a responder in it.</summary>
    public static async Task<Place> PlaceIn(RunningSilo Silo, string district)
    {
        var street = Silo.Services.GetRequiredService<RegionCatalog>().Children(district)[0];
        var community = Silo.Services.GetRequiredService<RegionCatalog>().Children(street.Code)[0];
        var grid = Silo.Services.GetRequiredService<RegionCatalog>().Children(community.Code)[0];
        var point = grid.Area.InteriorPoint;
        // Nobody is on duty in the test city: an emergency escalates at once and raises an alert for the street.
        var created = await Silo.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("matrix") } },
            Content = JsonContent.Create(new { subtype = "landslide", severity = "Major", longitude = point.X, latitude = point.Y, description = "matrix" }),
        });
        created.EnsureSuccessStatusCode();
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        string? alert = null;
        await Eventually.True(async () =>
        {
            var inbox = await Silo.Http.GetFromJsonAsync<JsonElement>($"/api/v1/alert-inboxes/{street.Code}");
            alert = inbox.EnumerateArray().FirstOrDefault(a => a.GetProperty("subject").GetString() == incident) is { ValueKind: JsonValueKind.Object } a
                ? a.GetProperty("alertId").GetString() : null;
            return alert is not null;
        }, "the incident's escalation reaches the street's inbox");
        var stockpile = Silo.Services.GetRequiredService<RegionCatalog>().City.Stockpiles.First(s => s.OwnerCode == community.Code).Id;
        var responder = Silo.Services.GetRequiredService<RegionCatalog>().City.Responders.First(r => r.HomeCommunity == community.Code).Id;
        var silo = Silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        return new Place(district, street.Code, community.Code, grid.Code, point.X, point.Y, incident, alert!, stockpile, responder, silo);
    }
}
