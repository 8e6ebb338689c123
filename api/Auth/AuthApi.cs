using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

public sealed record SignInRequest(string UserName, string Password);

/// <summary>Signing in: a user name and password for a bearer token.</summary>
public static partial class AuthApi
{

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/v1/auth").WithTags("Sign-in");
        auth.MapPost("/token", SignIn).WithName("SignIn").Public().RequireRateLimiting(AuthSetup.SignInPolicy);
        auth.MapGet("/me", (Caller caller) => TypedResults.Ok(caller)).WithName("WhoAmI").Require(Permission.ViewMap);
        return app;
    }

    /// <summary>
    /// 200 with a token for Authorization: Bearer; 401 for a wrong name or password (the same answer either way, in
    /// the same time), or while the account is locked after repeated failures.
    /// </summary>
    public static async Task<Results<Ok<IssuedToken>, ProblemHttpResult>> SignIn(
        SignInRequest body, HttpContext http, IGrainFactory grains, AccessTokens tokens, ILoggerFactory logs)
    {
        var name = (body.UserName ?? "").Trim().ToLowerInvariant();
        try { UserGrain.CheckName(name); }
        catch (InvalidRequestException)
        {
            PasswordHasher.WasteEqualTime(body.Password ?? "");
            return Unauthorized("auth.wrong-credentials");
        }
        http.Items[AuditMiddleware.SubjectItem] = name;
        var result = await grains.GetGrain<IUserGrain>(name).SignIn(body.Password ?? "");
        if (result.Access is { } access) return TypedResults.Ok(tokens.Issue(access));
        if (result.LockedUntil is { } until)
        {
            LogLocked(logs.CreateLogger("ThreeSocial.Api.Auth.SignIn"), name, until);
            return Unauthorized("auth.locked", until.ToOffset(ChongqingTime.Offset).ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        }
        return Unauthorized("auth.wrong-credentials");
    }

    private static ProblemHttpResult Unauthorized(string detailKey, params object?[] facts) =>
        TypedResults.Problem(title: Problems.ProblemTexts.Say("problem.not-signed-in"), detail: Problems.ProblemTexts.Say(detailKey, facts), statusCode: StatusCodes.Status401Unauthorized);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in for {User} refused: locked until {Until}.")]
    private static partial void LogLocked(ILogger logger, string user, DateTimeOffset until);
}
