using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Audit;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Audit;

/// <summary>The audit log, for administrators: one day (+08:00) at a time, oldest first, paged by entry number.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", Read).WithTags("Audit").WithName("ReadAuditLog").Require(Permission.ReadAudit, Scopes.City);
        return app;
    }

    /// <summary>?date=yyyy-MM-dd (default today), ?after=N (the last number seen), ?take (1–1000), ?user=name.</summary>
    public static async Task<Ok<IReadOnlyList<NumberedAuditEntry>>> Read(IGrainFactory grains, [FromKeyedServices(Orleans.Runtime.TimeProviderNames.Grains)] TimeProvider clock,
        DateOnly? date = null, long after = 0, int take = 100, string? user = null)
    {
        var day = date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? AuditLogGrain.KeyFor(DateTimeOffset.UtcNow);
        return TypedResults.Ok(await grains.GetGrain<IAuditLogGrain>(day).Read(after, take, user));
    }
}
