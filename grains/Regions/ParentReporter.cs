using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Regions;

/// <summary>
/// Pushes a grain's current contribution to its parent region: one report in flight at a time, and the latest
/// contribution wins, so a burst of changes becomes a few reports. A failed report is retried with backoff while the
/// activation lives. It runs as grain code on the grain's own turn context, so it needs no locks.
/// </summary>
public sealed class ParentReporter(IGrainFactory grains, string childCode)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(5);

    private readonly string? _parentCode = ParentOf(childCode);
    private ChildReport? _pending;
    private Task _inFlight = Task.CompletedTask;

    /// <summary>
    /// The region grain a child reports to: a region's parent (grid → community → street → district → city), an
    /// incident's street, a stockpile's <see cref="StockpileId.Jurisdiction"/>; null for the city and for anything else.
    /// </summary>
    public static string? ParentOf(string childCode) =>
        IncidentIds.IsWellFormed(childCode) ? IncidentIds.StreetOf(childCode)
        : StockpileId.TryParse(childCode, out var stockpile) ? stockpile.Jurisdiction.ToString()
        : RegionCode.TryParse(childCode, out var region) ? region.Parent?.ToString()
        : null;

    /// <summary>Completes once everything reported so far has reached the parent (for deactivation and tests).</summary>
    public Task Drained => _inFlight;

    /// <summary>
    /// For a deactivating grain: waits a little for its last report to reach the parent. It never fails the
    /// deactivation; a report still in flight is made good by the next activation, which reports again.
    /// </summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        _inFlight.WaitAsync(DrainWait, cancellationToken).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

    public void Report(long version, RollupTotals totals)
    {
        if (_parentCode is null) return;
        _pending = new ChildReport(childCode, version, totals);
        if (_inFlight.IsCompleted) _inFlight = SendAsync();
    }

    private async Task SendAsync()
    {
        var attempt = 0;
        while (_pending is { } report)
        {
            try
            {
                await grains.GetGrain<IRegionGrain>(_parentCode!).Report(report);
                if (ReferenceEquals(_pending, report)) _pending = null;
                attempt = 0;
            }
            catch (Exception) when (attempt < 30)
            {
                // The parent or storage is unavailable for now; the report is idempotent, so send it again.
                var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 100 * Math.Pow(2, attempt++)));
                await Task.Delay(delay);
            }
        }
    }
}
