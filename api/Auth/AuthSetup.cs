using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>Bearer tokens, the per-user rate limit, access rules and the audit log, wired in one place.</summary>
public static class AuthSetup
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddThreeSocialAuth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection("Auth"))
            .Validate(o => o.SigningKey is not { Length: > 0 } key || IsSigningKey(key), "Auth:SigningKey is the base64 of at least 32 bytes.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero, "Auth:TokenLifetime is longer than zero.")
            .Validate(o => o.PermitsPerSecond >= 1 && o.Burst >= 1 && o.SignInsPerMinute >= 1,
                "Auth:PermitsPerSecond, Auth:Burst and Auth:SignInsPerMinute are at least 1.")
            .ValidateOnStart();
        services.AddOptions<SignInPolicy>().Bind(configuration.GetSection("Auth:SignIn"))
            .Validate(o => o.MaxFailures >= 1 && o.PasswordIterations >= 1 && o.LockoutDuration >= TimeSpan.Zero,
                "Auth:SignIn:MaxFailures and Auth:SignIn:PasswordIterations are at least 1; Auth:SignIn:LockoutDuration is zero or longer.")
            .ValidateOnStart();
        services.AddSingleton<AccessTokens>();
        services.AddHostedService<SigningKeyLoader>();

        services.AddSingleton<BearerEvents>();
        services.AddAuthentication(BearerEvents.Scheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(BearerEvents.Scheme).Configure<AccessTokens>((jwt, tokens) =>
        {
            jwt.MapInboundClaims = false; // our claims keep their names (sub, role, jur, stamp)
            jwt.TokenValidationParameters = tokens.ValidationParameters();
            jwt.EventsType = typeof(BearerEvents);
            jwt.RequireHttpsMetadata = false; // no metadata is fetched: the key is ours
        });

        // The limits are read from the bound Auth options when the rate limiter is first built.
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AuthOptions>>((limiter, auth) =>
        {
            var options = auth.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                Caller.Of(context)?.Name is { } user ? "user:" + user : "address:" + Address(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst, TokensPerPeriod = options.PermitsPerSecond, ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0, AutoReplenishment = true,
                }));
            limiter.AddPolicy(SignInPolicy, context => RateLimitPartition.GetFixedWindowLimiter(Address(context), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        });
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = { Status = 429, Title = Problems.ProblemTexts.Say("problem.too-many"), Detail = Problems.ProblemTexts.Say("auth.slow-down") },
                });
            };
        });
        return services;
    }

    /// <summary>After routing and the dashboard's static files; before any endpoint runs.</summary>
    public static WebApplication UseThreeSocialAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseMiddleware<AuditMiddleware>();
        app.UseMiddleware<AccessMiddleware>();
        return app;
    }

    private static bool IsSigningKey(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 32;
    }

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();
}
