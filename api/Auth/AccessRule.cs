using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Where a request's target lies: region codes, any one of which inside the caller's jurisdiction is enough. Hidden
/// targets (incidents, alerts: found by id) answer 404 outside the jurisdiction, so their existence does not leak;
/// region-addressed ones (codes are public) answer 403.
/// </summary>
public sealed record RegionScope(IReadOnlyList<string> Codes, bool HiddenOutside);

/// <summary>Null when the target does not exist: the endpoint itself then answers 404 (or 400).</summary>
public delegate ValueTask<RegionScope?> ScopeOf(HttpContext context);

/// <summary>
/// Every endpoint carries exactly one rule: public, or a permission with (usually) the region it acts on. An endpoint
/// without a rule is refused (see AccessMiddleware) and fails the authorisation matrix test.
/// </summary>
public sealed record AccessRule(Permission? Permission, ScopeOf? Scope)
{
    public static readonly AccessRule Open = new(null, null);

    public bool IsPublic => Permission is null;
}

public static class AccessRuleExtensions
{
    /// <summary>Anyone, signed in or not: health, sign-in, the OpenAPI document, the dashboard's settings.</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(AccessRule.Open);

    /// <summary>A signed-in user with the permission, and, given a scope, a jurisdiction that holds the target.</summary>
    public static TBuilder Require<TBuilder>(this TBuilder builder, Permission permission, ScopeOf? scope = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(permission, scope));
}
