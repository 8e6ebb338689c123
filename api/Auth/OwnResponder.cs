using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// An account that is a responder's phone (see <see cref="Caller.ResponderId"/>) acts as that responder and no other:
/// its duty, position and assignment steps. Accounts without a link keep their jurisdiction's rule (a grid worker relays
/// for the responders of their community). Checked before the body is used, so a refusal changes nothing.
/// </summary>
public static class OwnResponder
{
    public static TBuilder ActsAsOwnResponder<TBuilder>(this TBuilder builder, string routeValue) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            Demand(context.HttpContext, routeValue);
            return await next(context);
        });

    public static void Demand(HttpContext http, string routeValue)
    {
        if (Caller.Of(http)?.ResponderId is not { } own) return;
        var target = http.Request.RouteValues[routeValue] as string ?? "";
        if (!string.Equals(target, own, StringComparison.Ordinal))
            throw new ForbiddenException("auth.own-responder-only", own);
    }
}
