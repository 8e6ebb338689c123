using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Authenticates "Authorization: Bearer &lt;token&gt;" (or, on the hub's WebSocket, ?access_token=) with the tokens
/// <see cref="AccessTokens"/> issues, then checks the account still matches the token (its stamp), so a change or a
/// disabled account refuses the token on the next request. Ours rather than JwtBearer: JwtBearer 10 does not restore
/// here, and validating each token once and remembering it costs a fraction of what JwtBearer spends per request.
/// </summary>
public sealed class BearerTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccessTokens tokens, IGrainFactory grains)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token) return AuthenticateResult.NoResult();
        var validated = await tokens.ValidateAsync(token);
        if (validated.Failure is { } failure) return AuthenticateResult.Fail(failure);
        var access = await grains.GetGrain<IUserGrain>(validated.Caller!.Name).GetAccess();
        if (access is null || access.Stamp != validated.Stamp)
            return AuthenticateResult.Fail("The token is no longer valid: the account was changed or disabled. Sign in again.");
        Context.Items[typeof(Caller)] = validated.Caller;
        // The expiry lets the hub close a connection whose token runs out (CloseOnAuthenticationExpiration).
        return AuthenticateResult.Success(new AuthenticationTicket(validated.Principal!, new AuthenticationProperties { ExpiresUtc = validated.ExpiresAt }, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = result.Failure is null ? SchemeName : $"{SchemeName} error=\"invalid_token\"";
    }

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
