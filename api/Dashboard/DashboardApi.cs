using Microsoft.AspNetCore.Builder;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Live;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Api.Dashboard;

/// <summary>
/// What the dashboard needs from the deployment (a tile server's URL where one is reachable; none here) and the rules
/// the service owns that its pages apply as they stand: the stages in which an incident is open (on the map), how close
/// to its deadline an incident is at risk, and the levels of region a live map group is named by.
/// </summary>
public sealed record DashboardConfig(string? TileUrl, IReadOnlyList<string> OpenStages, int AtRiskWithinMinutes, IReadOnlyList<string> LiveGroupLevels)
{
    public static DashboardConfig Of(IConfiguration configuration) => new(
        configuration["Dashboard:TileUrl"],
        [.. Enum.GetValues<IncidentStage>().Where(IncidentStages.IsOpen).Select(s => s.ToString())],
        (int)Deadlines.AtRiskWithin.TotalMinutes,
        [.. LiveGroups.Levels.Select(RegionGeoJson.LevelName)]);
}

/// <summary>The pages at / (the operator's city map) and /worker.html (the grid worker's phone page), from wwwroot.</summary>
public static class DashboardApi
{
    public static WebApplication UseDashboard(this WebApplication app)
    {
        app.UseDefaultFiles(); // "/" is index.html
        app.UseStaticFiles();
        app.MapGet("/worker", () => Results.Redirect("/worker.html")).ExcludeFromDescription().Public();
        app.MapGet("/api/v1/dashboard/config", (IConfiguration configuration) =>
            TypedResults.Ok(DashboardConfig.Of(configuration))).WithTags("Dashboard").WithName("GetDashboardConfig").Public();
        return app;
    }
}
