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
        var (status, titleKey) = exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "problem.too-large" : "problem.unreadable"),
            InvalidRequestException => (StatusCodes.Status400BadRequest, "problem.invalid"),
            NotFoundException => (StatusCodes.Status404NotFound, "problem.not-found"),
            Auth.ForbiddenException => (StatusCodes.Status403Forbidden, "problem.forbidden"),
            DomainRuleException => (StatusCodes.Status409Conflict, "problem.conflict"),
            InconsistentStateException => (StatusCodes.Status409Conflict, "problem.changed-meanwhile"),
            GrainStorageException => (StatusCodes.Status503ServiceUnavailable, "problem.storage-down"),
            SiloUnavailableException or OrleansMessageRejectionException => (StatusCodes.Status503ServiceUnavailable, "problem.restarting"),
            TimeoutException => (StatusCodes.Status504GatewayTimeout, "problem.timeout"),
            _ => (StatusCodes.Status500InternalServerError, "problem.unexpected"),
        };
        var title = ProblemTexts.Say(titleKey);
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
    private static string Explain(Exception exception) => exception switch
    {
        BadHttpRequestException bad when !Grains.Texts.Texts.IsEnglish(System.Globalization.CultureInfo.CurrentUICulture) => bad switch
        {
            { InnerException: System.Text.Json.JsonException json } => ProblemTexts.Say("invalid.json", json.Path ?? "$"),
            { StatusCode: StatusCodes.Status413PayloadTooLarge } => ProblemTexts.Say("invalid.too-large"),
            _ => ProblemTexts.Say("invalid.unbound"),
        },
        BadHttpRequestException { InnerException: System.Text.Json.JsonException json } => json.Message,
        _ => ProblemTexts.Detail(exception),
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Request {Path} failed with {Status}: {Reason}")]
    private static partial void LogStorageDown(ILogger logger, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request {Path} failed with {Status}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, PathString path, int status);
}
