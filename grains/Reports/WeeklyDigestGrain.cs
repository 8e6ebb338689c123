using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Reports;

/// <remarks>
/// Looks every hour whether a week is due. A week counts as sent only when every street has its digest: a street that
/// failed is tried again at the next look, and the streets that had theirs are told the same again, which their alerts
/// take as no news (an alert said again in the same words sends nothing).
/// </remarks>
public sealed partial class WeeklyDigestGrain(
    [PersistentState("digest")] IPersistentState<WeeklyDigestState> state, RegionCatalog catalog,
    [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, ILogger<WeeklyDigestGrain> logger) : Grain, IWeeklyDigestGrain, IRemindable
{
    public const string City = "500000";
    private const string Look = "weekly-digest";
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    private DateTimeOffset? _lookedAt;

    public async Task Start()
    {
        if (state.State.LastWeek is null) await state.ReplaceStateAsync(new WeeklyDigestState { LastWeek = WeeklyDigest.DueWeek(clock.GetUtcNow()) });
        if (await this.GetReminder(Look) is null) await this.RegisterOrUpdateReminder(Look, TimeSpan.FromMinutes(1), Every);
    }

    public Task<WeeklyDigestStatus> Status() => Task.FromResult(new WeeklyDigestStatus(state.State.LastWeek, _lookedAt));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != Look) return;
        var now = ChongqingTime.Now(clock);
        _lookedAt = now;
        var due = WeeklyDigest.DueWeek(now);
        if (state.State.LastWeek is not { } last || last >= due) return;
        var sent = 0;
        foreach (var streets in catalog.City.Streets.Chunk(32))
            sent += (await Task.WhenAll(streets.Select(s => Send(s.Code, s.ParentCode!, due, now)))).Count(ok => ok);
        if (sent == catalog.City.Streets.Count) await state.ReplaceStateAsync(new WeeklyDigestState { LastWeek = due });
        LogSent(logger, due, sent, catalog.City.Streets.Count);
    }

    private async Task<bool> Send(string street, string district, DateOnly week, DateTimeOffset now)
    {
        ComplianceReport report;
        try
        {
            report = await ComplianceReader.ReadAsync(GrainFactory, RegionCode.Parse(street), ReportPeriod.Week, week);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotRead(logger, e, street);
            return false;
        }
        var digest = WeeklyDigest.Condition(report, district, now);
        return await GrainFactory.Tell(street, digest.Kind, digest.Subject, alert => alert.Raise(digest), logger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Weekly digest of the week of {Week}: {Sent} of {Streets} streets told")]
    private static partial void LogSent(ILogger logger, DateOnly week, int sent, int streets);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Weekly digest: the week of street {Street} could not be read; tried again in an hour")]
    private static partial void LogNotRead(ILogger logger, Exception exception, string street);
}
