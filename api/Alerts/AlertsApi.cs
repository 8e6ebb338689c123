using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Alerts;

public sealed record AcknowledgementRequest(string? Note = null);

public sealed record WebhookRequest(string Url, string? Secret = null);

/// <summary>A subscription as listed: the secret is shown once, when it is created, never again.</summary>
public sealed record WebhookListing(string Id, string Url, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>Street offices' alerts: each as JSON or as CAP 1.2 XML, the inbox of a street or district, acknowledgement.</summary>
public static class AlertsApi
{
    public const string CapXml = "application/cap+xml";

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/v1/alerts").WithTags("Alerts").Require(Permission.ViewOperations, Scopes.Alert);
        alerts.MapGet("/{id}", GetAlert).WithName("GetAlert");
        alerts.MapPost("/{id}/acknowledgement", Acknowledge).WithName("AcknowledgeAlert").Require(Permission.AcknowledgeAlerts, Scopes.Alert);
        alerts.MapGet("/{id}/deliveries", Deliveries).WithName("GetAlertDeliveries");
        var inboxes = app.MapGroup("/api/v1/alert-inboxes/{code}").WithTags("Alerts").Require(Permission.ViewOperations, Scopes.Region());
        inboxes.MapGet("", Inbox).WithName("GetAlertInbox");
        var webhooks = inboxes.MapGroup("/webhooks").Require(Permission.ManageWebhooks, Scopes.Region());
        webhooks.MapPost("", AddWebhook).WithName("AddAlertWebhook");
        webhooks.MapGet("", ListWebhooks).WithName("ListAlertWebhooks");
        webhooks.MapDelete("/{id}", RemoveWebhook).WithName("RemoveAlertWebhook");
        return app;
    }

    /// <summary>
    /// The alert as JSON, or with Accept: application/cap+xml its latest CAP message (?message=N for an earlier one,
    /// numbered from 1 as their identifiers end).
    /// </summary>
    public static async Task<IResult> GetAlert(string id, HttpContext http, IGrainFactory grains, RegionCatalog catalog, AlertRules rules, int? message = null)
    {
        var alert = await Alert(grains, id).Get() ?? throw new NotFoundException("missing.alert", Quote.Of(id));
        var wantsCap = http.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(CapXml, StringComparison.OrdinalIgnoreCase));
        if (!wantsCap) return TypedResults.Ok(Texts.Languages.Localised(alert));
        var index = (message ?? alert.Messages.Length) - 1;
        if (index < 0 || index >= alert.Messages.Length)
            throw new InvalidRequestException(nameof(message), "invalid.alert-messages", id, alert.Messages.Length);
        // The same bytes a webhook receives for this message.
        return TypedResults.Bytes(CapWriter.Bytes(CapWriter.Write(alert, alert.Messages[index], catalog, rules)), CapXml + "; charset=utf-8");
    }

    /// <summary>The alerts of a street (or, for escalations, a district), newest first; ?status=Open|Acknowledged|Cleared, ?kind=…</summary>
    public static async Task<IResult> Inbox(string code, RegionCatalog catalog, IGrainFactory grains, AlertStatus? status = null, string? kind = null, int take = 100)
    {
        if (take is < 1 or > 500) throw new InvalidRequestException(nameof(take), "invalid.between", nameof(take), 1, 500);
        return TypedResults.Ok(await grains.GetGrain<IAlertInboxGrain>(Jurisdiction(catalog, code)).List(status, kind, take));
    }

    public static async Task<Ok<AlertView>> Acknowledge(string id, AcknowledgementRequest body, Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(Texts.Languages.Localised(await Alert(grains, id).Acknowledge(caller.Name, body.Note)));

    /// <summary>Every webhook delivery of every message of the alert, with each attempt.</summary>
    public static async Task<IResult> Deliveries(string id, IGrainFactory grains)
    {
        var alert = await Alert(grains, id).Get() ?? throw new NotFoundException("missing.alert", Quote.Of(id));
        var receipts = await Task.WhenAll((alert.Deliveries?.Keys ?? []).Order(StringComparer.Ordinal)
            .Select(d => grains.GetGrain<IAlertDeliveryGrain>(d).Get()));
        return TypedResults.Ok(receipts.OfType<DeliveryReceipt>().ToList());
    }

    /// <summary>A new subscription, with its secret: the only answer that shows it.</summary>
    public static async Task<Created<WebhookSubscription>> AddWebhook(string code, WebhookRequest body, Caller caller, RegionCatalog catalog, IGrainFactory grains)
    {
        var added = await Webhooks(grains, catalog, code).Add(body.Url, body.Secret, caller.Name);
        return TypedResults.Created($"/api/v1/alert-inboxes/{code}/webhooks/{added.Id}", added);
    }

    public static async Task<Ok<List<WebhookListing>>> ListWebhooks(string code, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok((await Webhooks(grains, catalog, code).List()).Select(s => new WebhookListing(s.Id, s.Url, s.CreatedBy, s.CreatedAt)).ToList());

    public static async Task<NoContent> RemoveWebhook(string code, string id, RegionCatalog catalog, IGrainFactory grains)
    {
        await Webhooks(grains, catalog, code).Remove(id);
        return TypedResults.NoContent();
    }

    private static IWebhookSubscriptionsGrain Webhooks(IGrainFactory grains, RegionCatalog catalog, string code) =>
        grains.GetGrain<IWebhookSubscriptionsGrain>(Jurisdiction(catalog, code));

    private static string Jurisdiction(RegionCatalog catalog, string code) =>
        catalog.Find(code) is { Level: Grains.Geography.RegionLevel.Street or Grains.Geography.RegionLevel.District }
            ? code
            : throw new InvalidRequestException(nameof(code), "invalid.not-street-or-district", Quote.Of(code));

    private static IAlertGrain Alert(IGrainFactory grains, string id) =>
        AlertIds.IsWellFormed(id) ? grains.GetGrain<IAlertGrain>(id) : throw new NotFoundException("missing.alert", Quote.Of(id));
}
