using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>Bearer tokens, the per-user rate limit, access rules and the audit log, wired in one place.</summary>
public static class AuthSetup
{
    public const string SignInPolicy = "sign-in";

    public static IServiceCollection AddThreeSocialAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new AuthOptions();
        configuration.GetSection("Auth").Bind(options);
        var signIn = new SignInPolicy();
        configuration.GetSection("Auth:SignIn").Bind(signIn);
        services.AddSingleton(options).AddSingleton(signIn).AddSingleton<AccessTokens>();
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

        services.AddRateLimiter(limiter =>
        {
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
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait))
                    response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().TryWriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests; nothing was changed.", Detail = "Slow down and retry after the Retry-After seconds." },
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

    private static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? IPAddress.None.ToString();
}
