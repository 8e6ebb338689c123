using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// What we add to ASP.NET Core's JwtBearer: where else a token may come from, and the account's stamp checked on every
/// request, so a change of roles, jurisdiction or password, or a disabled account, refuses the tokens it had at once.
/// </summary>
public sealed class BearerEvents(IGrainFactory grains) : JwtBearerEvents
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public const string AccountChanged = "The token is no longer valid: the account was changed or disabled. Sign in again.";

    public override Task MessageReceived(MessageReceivedContext context)
    {
        var request = context.Request;
        // Browsers cannot set headers on a WebSocket: SignalR sends the token in the query string there.
        if (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"].ToString() is { Length: > 0 } query) context.Token = query;
        // Orleans' dashboard is a page of its own that cannot send our header: an admin's token comes in a cookie only it gets.
        else if (request.Path.StartsWithSegments(OrleansDashboardSession.Path) && request.Cookies[OrleansDashboardSession.Cookie] is { Length: > 0 } cookie)
            context.Token = cookie;
        return Task.CompletedTask;
    }

    public override async Task TokenValidated(TokenValidatedContext context)
    {
        var caller = Caller.Of(context.Principal!);
        if (caller is null || !int.TryParse(context.Principal!.FindFirst(Caller.StampClaim)?.Value, out var stamp))
        {
            context.Fail("The token names no user.");
            return;
        }
        if (!await StillValid(grains, caller.Name, stamp))
        {
            context.Fail(AccountChanged);
            return;
        }
        context.HttpContext.Items[typeof(Caller)] = caller;
    }

    /// <summary>Whether the account still is as it was when the token with this stamp was issued.</summary>
    public static async Task<bool> StillValid(IGrainFactory grains, string user, int stamp) =>
        await grains.GetGrain<IUserGrain>(user).GetAccess() is { } access && access.Stamp == stamp;
}
