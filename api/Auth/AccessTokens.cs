using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

public sealed record IssuedToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, UserAccess User);

/// <summary>A token's check: who it names (and its stamp) if it is good, or why not.</summary>
public sealed record ValidatedToken(ClaimsPrincipal? Principal, Caller? Caller, int Stamp, DateTimeOffset ExpiresAt, string? Failure);

/// <summary>Issues and describes the HS256-signed JWTs (RFC 7519) the API accepts as bearer tokens.</summary>
public sealed class AccessTokens(AuthOptions options)
{
    /// <summary>Good tokens seen lately: a token is checked once (signature, issuer, audience, lifetime), then looked up.</summary>
    private const int Remembered = 10_000;

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, ValidatedToken> _seen = new(StringComparer.Ordinal);
    private SymmetricSecurityKey? _key;

    private SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start, before requests are served.");

    public async Task LoadKeyAsync(IGrainFactory grains)
    {
        var bytes = options.SigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : await grains.GetGrain<ISigningKeyGrain>(SigningKeyGrain.Key).GetOrCreate();
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be the base64 of at least 32 bytes.");
        _key = new SymmetricSecurityKey(bytes);
    }

    public IssuedToken Issue(UserAccess user)
    {
        // Tokens are checked against the wall clock, whatever clock the grains run on (a simulation's is faster).
        var now = DateTimeOffset.UtcNow;
        var expires = now + options.TokenLifetime;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [Caller.NameClaim] = user.Name,
                [Caller.RoleClaim] = user.Roles.Select(RoleNames.Of).ToArray(),
                [Caller.JurisdictionClaim] = user.Jurisdiction.ToArray(),
                [Caller.StampClaim] = user.Stamp,
            },
        });
        return new IssuedToken(token, "Bearer", expires, user);
    }

    /// <summary>The token's signature, issuer, audience and lifetime; the account's stamp is the caller's to check.</summary>
    public async ValueTask<ValidatedToken> ValidateAsync(string token)
    {
        if (_seen.TryGetValue(token, out var known))
        {
            if (known.ExpiresAt > DateTimeOffset.UtcNow) return known;
            _seen.TryRemove(token, out _);
        }
        var result = await _handler.ValidateTokenAsync(token, _parameters ??= ValidationParameters());
        if (!result.IsValid) return new ValidatedToken(null, null, 0, default, $"The token was refused ({result.Exception?.GetType().Name ?? "invalid"}).");
        var principal = new ClaimsPrincipal(result.ClaimsIdentity);
        var caller = Caller.Of(principal);
        if (caller is null || !int.TryParse(principal.FindFirst(Caller.StampClaim)?.Value, out var stamp))
            return new ValidatedToken(null, null, 0, default, "The token names no user.");
        var validated = new ValidatedToken(principal, caller, stamp, result.SecurityToken.ValidTo, null);
        if (_seen.Count >= Remembered) _seen.Clear(); // bounded: a burst of new tokens costs a re-check each, nothing more
        _seen[token] = validated;
        return validated;
    }

    private TokenValidationParameters? _parameters;

    private TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = options.Issuer,
        ValidAudience = options.Audience,
        IssuerSigningKeyResolver = (_, _, _, _) => [Key],
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = Caller.NameClaim,
        RoleClaimType = Caller.RoleClaim,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
