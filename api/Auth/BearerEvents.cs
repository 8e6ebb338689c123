using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// What we add to ASP.NET Core's JwtBearer: where else a token may come from; a token JwtBearer has validated is
/// remembered (bounded), so the next request with it skips the signature check; and the account's stamp checked on
/// every request, so a change of roles, jurisdiction or password, or a disabled account, refuses the tokens it had at once.
/// </summary>
public sealed class BearerEvents(IGrainFactory grains) : JwtBearerEvents
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    public const string AccountChanged = "The token is no longer valid: the account was changed or disabled. Sign in again.";

    /// <summary>Validated tokens remembered; past this many the memory is cleared (a burst of new tokens costs a re-check each, nothing more).</summary>
    private const int Remembered = 10_000;

    private sealed record Validated(ClaimsPrincipal Principal, Caller Caller, int Stamp, DateTimeOffset ExpiresAt);

    private readonly ConcurrentDictionary<string, Validated> _seen = new(StringComparer.Ordinal);

    public override async Task MessageReceived(MessageReceivedContext context)
    {
        if (TokenOf(context.Request) is not { } token) return;
        context.Token = token;
        if (!_seen.TryGetValue(token, out var known)) return; // JwtBearer validates it, then TokenValidated below
        if (known.ExpiresAt <= DateTimeOffset.UtcNow)
        {
            _seen.TryRemove(token, out _);
            return; // JwtBearer refuses it as expired, with its own words
        }
        if (!await StillValid(grains, known.Caller.Name, known.Stamp))
        {
            context.Fail(AccountChanged);
            return;
        }
        context.Principal = known.Principal;
        context.Properties.ExpiresUtc = known.ExpiresAt; // the hub closes a connection whose token runs out
        context.HttpContext.Items[typeof(Caller)] = known.Caller;
        context.Success();
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
        if (_seen.Count >= Remembered) _seen.Clear();
        if (context.SecurityToken is JsonWebToken jwt) _seen[jwt.EncodedToken] = new Validated(context.Principal!, caller, stamp, jwt.ValidTo);
    }

    /// <summary>Whether the account still is as it was when the token with this stamp was issued.</summary>
    public static async Task<bool> StillValid(IGrainFactory grains, string user, int stamp) =>
        await grains.GetGrain<IUserGrain>(user).GetAccess() is { } access && access.Stamp == stamp;

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return header["Bearer ".Length..].Trim() is { Length: > 0 } t ? t : null;
        // Browsers cannot set headers on a WebSocket: SignalR sends the token in the query string there.
        if (request.Path.StartsWithSegments("/hubs")) return request.Query["access_token"].ToString() is { Length: > 0 } q ? q : null;
        // Orleans' dashboard is a page of its own that cannot send our header: an admin's token comes in a cookie only it gets.
        return request.Path.StartsWithSegments(OrleansDashboardSession.Path) && request.Cookies[OrleansDashboardSession.Cookie] is { Length: > 0 } c ? c : null;
    }
}
