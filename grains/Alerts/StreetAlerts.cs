using Microsoft.Extensions.Logging;

namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// Tells a street office about a condition of one subject (an incident, a stockpile, a community): raised, updated or
/// cleared. The change behind it is already stored, so the alert is told, not waited on for the subject's sake: a
/// failure is logged, the caller goes on, and the next change tells again.
/// </summary>
public static partial class StreetAlerts
{
    public static async Task<bool> Tell(this IGrainFactory grains, string street, string kind, string subject, Func<IAlertGrain, Task> change, ILogger logger)
    {
        try
        {
            await change(grains.GetGrain<IAlertGrain>(AlertIds.For(street, kind, subject)));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotStored(logger, e, kind, subject);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} of {Subject} could not be stored; the next change tells again")]
    private static partial void LogNotStored(ILogger logger, Exception exception, string kind, string subject);
}
