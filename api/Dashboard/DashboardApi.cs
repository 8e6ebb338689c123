using Microsoft.AspNetCore.Builder;
using ThreeSocial.Api.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;

namespace ThreeSocial.Api.Dashboard;

/// <summary>What the dashboard needs from the deployment: a tile server's URL where one is reachable (none here).</summary>
public sealed record DashboardConfig(string? TileUrl);

/// <summary>The pages at / (the operator's city map) and /worker.html (the grid worker's phone page), from wwwroot.</summary>
public static class DashboardApi
{
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles(); // "/" is index.html
        app.UseStaticFiles();
        app.MapGet("/worker", () => Results.Redirect("/worker.html")).ExcludeFromDescription().Public();
        app.MapGet("/api/v1/dashboard/config", (IConfiguration configuration) =>
            TypedResults.Ok(new DashboardConfig(configuration["Dashboard:TileUrl"]))).WithTags("Dashboard").WithName("GetDashboardConfig").Public();
        return app;
    }
}
