using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Applies each endpoint's <see cref="AccessRule"/> before its body is read: 401 without a valid token, 403 without
/// the permission or outside the jurisdiction (404 for targets found by id). Fails closed: an endpoint with no rule
/// is refused for everyone.
/// </summary>
public sealed partial class AccessMiddleware(RequestDelegate next, IProblemDetailsService problems, ILogger<AccessMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null) { await next(context); return; } // static files and unknown paths
        var rule = endpoint.Metadata.GetMetadata<AccessRule>();
        if (rule is null)
        {
            LogNoAccessRule(logger, endpoint.DisplayName);
            await Refuse(context, StatusCodes.Status403Forbidden, "auth.no-rule");
            return;
        }
        if (rule.IsPublic) { await next(context); return; }

        var caller = Caller.Of(context);
        if (caller is null)
        {
            await context.ChallengeAsync(); // 401 with WWW-Authenticate: Bearer, and why a token was refused
            await Refuse(context, StatusCodes.Status401Unauthorized, "auth.sign-in-first");
            return;
        }
        if (!caller.Can(rule.Permission!.Value))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "auth.role-may-not", string.Join(", ", caller.Roles.Select(RoleNames.Of)));
            return;
        }
        if (rule.Scope is not null && await rule.Scope(context) is { } scope && !scope.Codes.Any(caller.Covers))
        {
            if (scope.HiddenOutside) await Refuse(context, StatusCodes.Status404NotFound, "problem.not-found");
            else await Refuse(context, StatusCodes.Status403Forbidden, "auth.outside-jurisdiction", string.Join(", ", scope.Codes), string.Join(", ", caller.Jurisdiction));
            return;
        }
        await next(context);
    }

    private async Task Refuse(HttpContext context, int status, string detailKey, params object?[] facts)
    {
        context.Response.StatusCode = status;
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = status, Detail = Problems.ProblemTexts.Say(detailKey, facts),
                Title = Problems.ProblemTexts.Say(status switch { 401 => "problem.not-signed-in", 403 => "problem.forbidden", _ => "problem.not-found" }),
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Endpoint {Endpoint} has no access rule; refused.")]
    private static partial void LogNoAccessRule(ILogger logger, string? endpoint);
}
