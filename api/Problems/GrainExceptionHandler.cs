using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ThreeSocial.Runtime;

namespace ThreeSocial.Api.Problems;

/// <summary>
/// Turns runtime failures into RFC 9457 problem details: a caller always learns whether its change was kept.
/// A storage failure is a 503 (nothing was acknowledged), never a silent success.
/// </summary>
public sealed class GrainExceptionHandler(IProblemDetailsService problems, ILogger<GrainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "The request could not be read."),
            InconsistentStateException => (StatusCodes.Status409Conflict, "The record changed meanwhile; nothing was stored. Retry."),
            GrainStorageException => (StatusCodes.Status503ServiceUnavailable, "Storage is unavailable; nothing was stored. Retry shortly."),
            GrainRuntimeStoppedException => (StatusCodes.Status503ServiceUnavailable, "The service is shutting down."),
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "The request did not complete in time; it may still complete."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };
        if (status >= 500) logger.LogError(exception, "Request {Path} failed with {Status}.", context.Request.Path, status);
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) context.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = status < 500 ? exception.Message : null },
        });
    }
}
