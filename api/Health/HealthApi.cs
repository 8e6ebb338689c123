using Microsoft.AspNetCore.Builder;
using ThreeSocial.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Orleans;
using Orleans.Runtime;
using ThreeSocial.Storage;

namespace ThreeSocial.Api.Health;

public sealed record StorageStatus(string Provider, bool Reachable, string? Detail);

/// <param name="Silo">The silo that answered (its Orleans endpoint): behind a front door, which one that was.</param>
/// <param name="Activations">Grain activations across the whole cluster.</param>
public sealed record HealthReport(string Status, StorageStatus Storage, int Activations, string Silo);

public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", GetHealth).WithName("Health").WithTags("Operations").Public();
        return app;
    }

    /// <summary>200 when storage answers, 503 when it does not or the silo is stopping ("draining"); the body says which.</summary>
    public static async Task<JsonHttpResult<HealthReport>> GetHealth(
        IStorageHealth storage, IGrainFactory grains, ILocalSiloDetails silo, SiloDrain drain, CancellationToken cancellationToken)
    {
        var health = await storage.CheckHealthAsync(cancellationToken);
        var status = drain.Draining ? "draining" : health.Reachable ? "healthy" : "unhealthy";
        var report = new HealthReport(status,
            new StorageStatus(health.Provider, health.Reachable, health.Detail), await grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount(cancellationToken), silo.SiloAddress.Endpoint.ToString());
        return TypedResults.Json(report, statusCode: status == "healthy" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
