using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Communities;

public sealed record MealsRequest(int Booked = 0, int Served = 0);

/// <summary>A community's live status: who is on duty there, and today's elderly meal assistance.</summary>
public static class CommunitiesApi
{
    public static IEndpointRouteBuilder MapCommunitiesApi(this IEndpointRouteBuilder app)
    {
        var community = app.MapGroup("/api/v1/communities/{code}").WithTags("Communities").Require(Permission.ViewOperations, Scopes.Region());
        community.MapGet("", GetCommunity).WithName("GetCommunityStatus");
        community.MapGet("/meals", GetMeals).WithName("GetCommunityMeals");
        community.MapPost("/meals", RecordMeals).WithName("RecordCommunityMeals").Require(Permission.RecordMeals, Scopes.Region());
        return app;
    }

    public static async Task<Ok<CommunityLiveStatus>> GetCommunity(string code, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(await Community(code, catalog, grains).GetStatus());

    public static async Task<Ok<MealStatus>> GetMeals(string code, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(await Community(code, catalog, grains).GetMeals());

    /// <summary>Adds meals booked and served to today's counts; the Idempotency-Key makes a resend count once.</summary>
    public static async Task<Ok<MealStatus>> RecordMeals(
        string code, MealsRequest body, Caller caller, HttpRequest request, RegionCatalog catalog, IGrainFactory grains) =>
        TypedResults.Ok(await Community(code, catalog, grains).RecordMeals(new MealRecord(IdempotencyKey.From(request), body.Booked, body.Served, caller.Name)));

    private static ICommunityGrain Community(string code, RegionCatalog catalog, IGrainFactory grains) =>
        catalog.Find(code) is { Level: RegionLevel.Community }
            ? grains.GetGrain<ICommunityGrain>(code)
            : throw new NotFoundException("missing.community", Quote.Of(code));
}
