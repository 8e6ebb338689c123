using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Orleans' dashboard (silos, activations, call rates) for admins only, at /admin/orleans. Its page makes its own
/// requests and cannot send Authorization: Bearer, so an admin first posts here with the header, and the same token is
/// set in a cookie that only /admin/orleans receives: HttpOnly (no script reads it), SameSite=Strict (no other site's
/// page sends it), for at most an hour. Each of the dashboard's requests is then checked like any other.
/// </summary>
public static class OrleansDashboardSession
{
    public const string Path = "/admin/orleans";
    public const string Cookie = "ThreeSocial.OrleansDashboard";

    public static IEndpointRouteBuilder MapOrleansDashboardSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/auth/orleans-dashboard-session", Open).WithTags("Sign-in").WithName("OpenOrleansDashboardSession")
            .Require(Permission.ReadMetrics, Scopes.City);
        return app;
    }

    /// <summary>The dashboard can show any grain's state, residents' names and phone numbers among it: refused here.</summary>
    public static async ValueTask<object?> WithoutGrainState(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        context.HttpContext.Request.Path.StartsWithSegments(Path + "/GrainState")
            ? TypedResults.Problem(title: Problems.ProblemTexts.Say("problem.forbidden"), statusCode: StatusCodes.Status403Forbidden,
                detail: Problems.ProblemTexts.Say("auth.no-grain-state"))
            : await next(context);

    public static NoContent Open(HttpContext http)
    {
        var token = http.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
        http.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            Path = Path, HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = http.Request.IsHttps, MaxAge = TimeSpan.FromHours(1),
        });
        return TypedResults.NoContent();
    }
}
