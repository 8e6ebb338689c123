using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Common;
using Orleans.Runtime;
using Orleans.Storage;
using ThreeSocial.Storage;

namespace ThreeSocial.Api.Problems;

/// <summary>
/// Turns runtime failures into RFC 9457 problem details: a caller always learns whether its change was kept.
/// Bad input is a 400 and a broken rule a 409 (nothing changed); a storage failure is a 503 (nothing was acknowledged),
/// never a silent success. Bad input is what the caller is told it got wrong: an <see cref="InvalidRequestException"/>
/// or a request ASP.NET could not read. A bare <see cref="ArgumentException"/> is our own code misusing itself (a
/// duplicate key, an unknown alert kind): a 500, logged as the bug it is, never blamed on the caller.
/// </summary>
public sealed partial class GrainExceptionHandler(IProblemDetailsService problems, ILogger<GrainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is too large." : "The request could not be read."),
            InvalidRequestException => (StatusCodes.Status400BadRequest, "The request is not valid; nothing was changed."),
            NotFoundException => (StatusCodes.Status404NotFound, "Not found."),
            Auth.ForbiddenException => (StatusCodes.Status403Forbidden, "Not allowed; nothing was changed."),
            DomainRuleException => (StatusCodes.Status409Conflict, "The request conflicts with the current state; nothing was changed."),
            InconsistentStateException => (StatusCodes.Status409Conflict, "The record changed meanwhile; nothing was stored. Retry."),
            GrainStorageException => (StatusCodes.Status503ServiceUnavailable, "Storage is unavailable; nothing was stored. Retry shortly."),
            SiloUnavailableException or OrleansMessageRejectionException => (StatusCodes.Status503ServiceUnavailable, "The service is shutting down or restarting; retry shortly."),
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "The request did not complete in time; it may still complete."),
            _ => (StatusCodes.Status500InternalServerError, "An unexpected error occurred."),
        };
        // Storage being down is an outage to report, not a bug: one line per request, without a stack trace each time.
        if (exception is GrainStorageException) LogStorageDown(logger, httpContext.Request.Path, status, exception.Message);
        else if (status >= 500) LogFailed(logger, exception, httpContext.Request.Path, status);
        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) httpContext.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = status < 500 ? Explain(exception) : null },
        };
        if (exception is InvalidRequestException { Field: { } field }) problem.ProblemDetails.Extensions["field"] = field;
        return await problems.TryWriteAsync(problem);
    }

    /// <summary>A JSON error names the path and type it expected, never the value sent.</summary>
    private static string Explain(Exception exception) =>
        exception is BadHttpRequestException { InnerException: System.Text.Json.JsonException json } ? json.Message : exception.Message;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} failed with {Status}: {Reason}")]
    private static partial void LogStorageDown(ILogger logger, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed with {Status}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, PathString path, int status);
}
