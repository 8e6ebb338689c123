using System.Collections.Immutable;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// The signed-in user a request comes from, as its token says (checked against the account on every request).
/// ResponderId: the responder whose phone this account is (it acts as that responder only), or null.
/// </summary>
public sealed record Caller(string Name, ImmutableArray<Role> Roles, ImmutableArray<string> Jurisdiction, string? ResponderId = null)
{
    public const string RoleClaim = "role";
    public const string JurisdictionClaim = "jur";
    public const string StampClaim = "stamp";
    public const string NameClaim = "sub";
    public const string ResponderClaim = "rsp";

    public bool Can(Permission permission) => RolePermissions.Grants(Roles, permission);

    /// <summary>
    /// Whether the region lies in the caller's jurisdiction. A string that is no region code lies in nobody's but the
    /// city's: a city-wide caller is let through to the endpoint, which answers it as the bad input it is.
    /// </summary>
    public bool Covers(string code) => RegionCode.TryParse(code, out var region)
        ? Jurisdiction.Any(j => RegionCode.TryParse(j, out var held) && held.Covers(region))
        : Jurisdiction.Contains(ChongqingDistricts.CityCode);

    /// <summary>Throws (a 403) unless the caller's jurisdiction holds the region; <paramref name="whatKey"/> names what is there.</summary>
    public void Demand(string code, string whatKey)
    {
        if (!Covers(code)) throw new ForbiddenException("auth.what-outside-jurisdiction", Grains.Texts.Phrase.Of(whatKey), code, string.Join(", ", Jurisdiction));
    }

    public static Caller? Of(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true || user.FindFirst(NameClaim)?.Value is not { } name) return null;
        return new Caller(name,
            [.. user.FindAll(RoleClaim).Select(c => RoleNames.Parse(c.Value)).OfType<Role>()],
            [.. user.FindAll(JurisdictionClaim).Select(c => c.Value)],
            user.FindFirst(ResponderClaim)?.Value);
    }

    /// <summary>The request's caller, as its token was read once for this request (see BearerEvents).</summary>
    public static Caller? Of(HttpContext context) => context.Items[typeof(Caller)] as Caller ?? Of(context.User);

    /// <summary>Lets endpoints take a Caller parameter; the access rules have already refused anyone not signed in.</summary>
    public static ValueTask<Caller?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<Caller?>(Of(context) ?? throw new InvalidOperationException("An endpoint that takes a Caller must not be public."));
}
