using ThreeSocial.Grains.Reports;

namespace ThreeSocial.Silo.Reports;

/// <summary>
/// Makes sure the weekly digest's reminder is registered once the silo runs (every silo of a cluster asks; the first
/// registers it, the rest find it). Reports:WeeklyDigest=false leaves it off, as the test silos do.
/// </summary>
internal sealed partial class WeeklyDigestStart(IGrainFactory grains, ILogger<WeeklyDigestStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A failure here must not stop the silo (a BackgroundService's exception would): try again in a minute.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await grains.GetGrain<IWeeklyDigestGrain>(WeeklyDigestGrain.City).Start();
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNotStarted(logger, e);
                await Task.Delay(TimeSpan.FromMinutes(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The weekly digest could not be started; trying again in a minute")]
    private static partial void LogNotStarted(ILogger logger, Exception exception);
}
