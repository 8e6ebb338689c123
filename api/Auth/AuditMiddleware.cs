using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Audit;
using Orleans;

namespace ThreeSocial.Api.Auth;

/// <summary>
/// Records every attempted change through the API (POST, PUT, PATCH, DELETE to an endpoint) in the day's audit log:
/// who, when, which action on which path, from which address, and the status it got. The response is held until
/// the entry is stored, so a change the caller saw succeed is in the log.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, IGrainFactory grains, ILogger<AuditMiddleware> logger)
{
    /// <summary>Set by an endpoint that knows who acts before a token exists (sign-in).</summary>
    public const string SubjectItem = "audit.subject";

    private int _failing;

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
            || HttpMethods.IsOptions(context.Request.Method) || context.Request.Path.StartsWithSegments("/hubs"))
            return next(context);
        context.Response.OnStarting(() => Record(context, endpoint));
        return next(context);
    }

    private async Task Record(HttpContext context, Endpoint endpoint)
    {
        var at = DateTimeOffset.UtcNow;
        var user = Caller.Of(context)?.Name ?? (context.Items[SubjectItem] is string subject ? subject + " (signing in)" : "(anonymous)");
        var entry = new AuditEntry(at, user, endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "",
            context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, context.Connection.RemoteIpAddress?.ToString(),
            context.Request.Headers[IdempotencyKey.Header].FirstOrDefault() is { Length: <= 100 } key ? key : null);
        try
        {
            await grains.GetGrain<IAuditLogGrain>(AuditLogGrain.KeyFor(at)).Record(entry);
            if (Interlocked.Exchange(ref _failing, 0) == 1) LogStoredAgain(logger);
        }
        catch (Exception e)
        {
            // The change itself is done and cannot be taken back; say once that the log has a gap, not per request.
            if (Interlocked.Exchange(ref _failing, 1) == 0) LogCannotStore(logger, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit entries are being stored again.")]
    private static partial void LogStoredAgain(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Audit entries cannot be stored ({Reason}); changes go unaudited until storage answers.")]
    private static partial void LogCannotStore(ILogger logger, string reason);
}
