using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Live;

/// <summary>The live city map: the SignalR hub, its broadcaster, and the snapshot a map starts from.</summary>
public static class LiveApi
{
    public static IServiceCollection AddLiveMap(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection("Live"))
            .Validate(o => o.FlushInterval > TimeSpan.Zero && o.AccessCheckInterval > TimeSpan.Zero,
                "Live:FlushInterval and Live:AccessCheckInterval are longer than zero.")
            .Validate(o => o.Backlog >= 1, "Live:Backlog is at least 1.")
            .ValidateOnStart();
        services.AddSingleton<LiveViewers>();
        services.AddSingleton<LiveBroadcaster>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveBroadcaster>());
        services.AddHostedService<HubAccessWatch>();
        services.AddHostedService<AssignmentPush>();
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 4 * 1024) // clients only join and leave
            .AddJsonProtocol(o =>
            {
                o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter());
                o.PayloadSerializerOptions.Encoder = SafeJson.Encoder;
            });
        services.AddSingleton<HubLifetimeManager<CityHub>, LiveHubLifetimeManager>();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveMap(this IEndpointRouteBuilder app)
    {
        // Each group joined is checked against the jurisdiction (CityHub.Join); a connection ends when its token expires
        // or its account changes (HubAccessWatch).
        app.MapHub<CityHub>("/hubs/city", o =>
        {
            o.CloseOnAuthenticationExpiration = true;
            // A map on a poor network may not read for a while: the broadcaster skips it meanwhile, and it is dropped only
            // as late as a silent client is (30 s), not at the transport's default 10 s.
            o.TransportSendTimeout = TimeSpan.FromSeconds(30);
        }).Require(Permission.ViewOperations);
        app.MapGet("/api/v1/live/{group}", Snapshot).WithTags("Live map").WithName("GetLiveSnapshot")
            .Require(Permission.ViewOperations, Scopes.Region("group"));
        return app;
    }

    /// <summary>The starting point of a map of the city (500000), a district or a street: join the hub group first.</summary>
    public static async Task<Ok<LiveSnapshot>> Snapshot(string group, RegionCatalog catalog, IGrainFactory grains, [FromKeyedServices(Orleans.Runtime.TimeProviderNames.Grains)] TimeProvider clock)
    {
        if (!LiveGroups.IsGroup(group, catalog))
            throw new InvalidRequestException(nameof(group), "invalid.map-group", Quote.Of(group));
        var today = grains.GetGrain<IDailyOutcomesGrain>(DailyOutcomesGrain.KeyFor(clock.GetUtcNow())).Get();
        var incidents = OpenIncidents.In(grains, catalog, group);
        var region = group == ChongqingDistricts.CityCode ? LiveTotals.OfCity(grains) : LiveTotals.Of(grains, catalog.Find(group)!)!;
        var children = await LiveTotals.OfAll(grains, catalog.Children(group));
        return TypedResults.Ok(new LiveSnapshot(group, (await region)!, [.. children.Values.OrderBy(c => c.Code, StringComparer.Ordinal)],
            await incidents, await today));
    }
}
