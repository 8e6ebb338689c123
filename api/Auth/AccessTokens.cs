using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

public sealed record IssuedToken(string AccessToken, string TokenType, DateTimeOffset ExpiresAt, UserAccess User);

/// <summary>Issues the HS256-signed JWTs (RFC 7519) the API accepts as bearer tokens, and says how JwtBearer checks them.</summary>
public sealed class AccessTokens(IOptions<AuthOptions> auth)
{
    private readonly AuthOptions _options = auth.Value;
    private readonly JsonWebTokenHandler _handler = new();
    private SymmetricSecurityKey? _key;

    private SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The signing key is loaded at start, before requests are served.");

    public async Task LoadKeyAsync(IGrainFactory grains)
    {
        var bytes = _options.SigningKey is { Length: > 0 } configured
            ? Convert.FromBase64String(configured)
            : await grains.GetGrain<ISigningKeyGrain>(SigningKeyGrain.Key).GetOrCreate();
        if (bytes.Length < 32) throw new InvalidOperationException("Auth:SigningKey must be the base64 of at least 32 bytes.");
        _key = new SymmetricSecurityKey(bytes);
    }

    public IssuedToken Issue(UserAccess user)
    {
        // Tokens are checked against the wall clock, whatever clock the grains run on (a simulation's is faster).
        var now = DateTimeOffset.UtcNow;
        var expires = now + _options.TokenLifetime;
        var claims = new Dictionary<string, object>
        {
            [Caller.NameClaim] = user.Name,
            [Caller.RoleClaim] = user.Roles.Select(RoleNames.Of).ToArray(),
            [Caller.JurisdictionClaim] = user.Jurisdiction.ToArray(),
            [Caller.StampClaim] = user.Stamp,
        };
        if (user.ResponderId is { } responder) claims[Caller.ResponderClaim] = responder;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = _options.Issuer,
            Audience = _options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
            Claims = claims,
        });
        return new IssuedToken(token, "Bearer", expires, user);
    }

    /// <summary>Signature (HS256 with our key only), issuer, audience and lifetime; the account's stamp is checked after (<see cref="BearerEvents"/>).</summary>
    public TokenValidationParameters ValidationParameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKeyResolver = (_, _, _, _) => [Key], // the key is loaded after the options are built
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        NameClaimType = Caller.NameClaim,
        RoleClaimType = Caller.RoleClaim,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
    };
}
