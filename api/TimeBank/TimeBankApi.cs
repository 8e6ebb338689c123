using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Grains.TimeBank;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.TimeBank;

/// <summary>Hours exchanged: <paramref name="Hours"/> in hours (1.5 is 90 minutes), for <paramref name="What"/> (a service or goods).</summary>
public sealed record RedemptionRequest(string ResponderId, double Hours, string What);

/// <summary>The credit whose hours above the cap the street office approves.</summary>
public sealed record ApprovalRequest(string CreditId);

/// <summary>A community's or street's volunteers and their hours; totals over all of them.</summary>
public sealed record RegionTimeBank(string Region, RegionLevel Level, TimeBankTotals Totals, IReadOnlyList<TimeBankTotals> Volunteers);

/// <summary>The volunteer time bank (时间银行): hours credited from incidents, exchanged at the community.</summary>
public static class TimeBankApi
{
    public static IEndpointRouteBuilder MapTimeBankApi(this IEndpointRouteBuilder app)
    {
        // A volunteer sees their own ledger on their phone; their community's grid worker, street office and operators see it too.
        app.MapGet("/api/v1/responders/{id}/time-bank", GetLedger).WithTags("TimeBank").WithName("GetTimeBank")
            .Require(Permission.ViewOperations, Scopes.Responder).ActsAsOwnResponder("id");
        app.MapPost("/api/v1/responders/{id}/time-bank/approvals", Approve).WithTags("TimeBank").WithName("ApproveTimeBankHours")
            .Require(Permission.ApproveHours, Scopes.Responder);
        app.MapPost("/api/v1/communities/{code}/time-bank/redemptions", Redeem).WithTags("TimeBank").WithName("RecordTimeBankRedemption")
            .Require(Permission.RecordTimeBank, Scopes.Region());
        app.MapGet("/api/v1/regions/{code}/time-bank", GetRegion).WithTags("TimeBank").WithName("GetRegionTimeBank")
            .Require(Permission.ViewOperations, Scopes.Region());
        return app;
    }

    public static async Task<Ok<TimeBankView>> GetLedger(string id, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(Localised(await Ledger(id, catalog, grains).Get()));

    /// <summary>Approving twice is approving once: the credit's id makes the resend harmless.</summary>
    public static async Task<Ok<TimeBankView>> Approve(string id, ApprovalRequest body, Caller caller, HttpRequest request, RegionCatalog catalog, IGrainFactory grains)
    {
        IdempotencyKey.From(request);
        return TypedResults.Ok(Localised(await Ledger(id, catalog, grains).Approve(new HoursApproval(body.CreditId, caller.Name))));
    }

    /// <summary>409 when the balance is short, and nothing is written; the Idempotency-Key makes a resend count once.</summary>
    public static async Task<Ok<TimeBankView>> Redeem(string code, RedemptionRequest body, Caller caller, HttpRequest request, RegionCatalog catalog, IGrainFactory grains)
    {
        var key = IdempotencyKey.From(request);
        // A phone acts as its responder; spending hours is recorded by the community, not by the volunteer's own phone.
        if (caller.ResponderId is not null) throw new ForbiddenException("auth.phone-no-redemptions");
        if (catalog.Find(code) is not { Level: RegionLevel.Community }) throw new NotFoundException("missing.community", Quote.Of(code));
        Require.Text(body.ResponderId, "responderId", 40);
        if (catalog.Responder(body.ResponderId) is not { Role: ResponderRole.Volunteer } volunteer || volunteer.HomeCommunity != code)
            throw new InvalidRequestException("responderId", "invalid.not-a-volunteer", Quote.Of(body.ResponderId), code);
        if (!double.IsFinite(body.Hours) || body.Hours <= 0 || body.Hours > TimeBankLedger.MaxRedemptionMinutes / 60.0)
            throw new InvalidRequestException("hours", "invalid.hours", TimeBankLedger.MaxRedemptionMinutes / 60);
        var minutes = (int)Math.Round(body.Hours * 60);
        return TypedResults.Ok(Localised(await grains.GetGrain<ITimeBankGrain>(volunteer.Id).Redeem(new Redemption(key, minutes, body.What, caller.Name))));
    }

    /// <summary>
    /// A community's or street's volunteers, each asked for their figures (a community has a handful, a street some
    /// dozens): read on demand rather than rolled up, since nothing watches these figures live.
    /// </summary>
    public static async Task<Ok<RegionTimeBank>> GetRegion(string code, RegionCatalog catalog, IGrainFactory grains)
    {
        var region = RegionCode.Parse(code);
        if (region.Level is not (RegionLevel.Community or RegionLevel.Street))
            throw new InvalidRequestException("code", "invalid.time-bank-region");
        if (catalog.Find(code) is null) throw new NotFoundException("missing.region", Quote.Of(code));
        var volunteers = catalog.City.Responders
            .Where(r => r.Role == ResponderRole.Volunteer && region.Covers(RegionCode.Parse(r.HomeCommunity)))
            .Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
        var totals = await Task.WhenAll(volunteers.Select(id => grains.GetGrain<ITimeBankGrain>(id).GetTotals()));
        var sum = new TimeBankTotals(code, totals.Sum(t => t.CreditedMinutes), totals.Sum(t => t.RedeemedMinutes), totals.Sum(t => t.PendingMinutes));
        return TypedResults.Ok(new RegionTimeBank(code, region.Level, sum, totals));
    }

    // The ledger's notes in the caller's language (Accept-Language; zh-CN by default).
    private static TimeBankView Localised(TimeBankView view) => TimeBankTexts.Localised(view, CultureInfo.CurrentUICulture);

    // Checked against the registry first, so an unknown id is a 404 without activating anything.
    private static ITimeBankGrain Ledger(string id, RegionCatalog catalog, IGrainFactory grains) =>
        id.Length <= 40 && catalog.Responder(id) is not null
            ? grains.GetGrain<ITimeBankGrain>(id)
            : throw new NotFoundException("missing.responder", Quote.Of(id));
}
