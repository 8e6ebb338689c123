using Microsoft.Extensions.Logging;
using ThreeSocial.Reminders;
using ThreeSocial.Grains.TimeBank;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// Volunteers' hours (时间银行): when an assignment on scene ends, each volunteer's ledger is credited. The rules are
/// <see cref="TimeBankCredits"/>'s; here only the reliable delivery: a retry reminder is set before the step is recorded,
/// and forgotten once every ledger has its credit, so a failed call or a crash in between is made good a minute later.
/// </summary>
public sealed partial class IncidentGrain
{
    /// <summary>Before an ending step: if it owes a volunteer hours, the retry is durable before the step is.</summary>
    private async Task ExpectHours(IEnumerable<string> ending)
    {
        if (!TimeBankCredits.WouldOwe(State, ending, _catalog)) return;
        await this.RemindOnce(TimeBankCredits.Reminder, TimeSpan.FromMinutes(1));
        _hoursOwed = true;
    }

    private bool _hoursOwed;

    /// <summary>After an ending step: nothing to do unless it owed a volunteer hours.</summary>
    private Task CreditHours() => _hoursOwed ? SendHours() : Task.CompletedTask;

    /// <summary>Sends every credit the timeline owes (the ledgers keep each once); the retry stays set if any call fails.</summary>
    private async Task SendHours()
    {
        try
        {
            var timeline = new List<TimelineEntry>();
            for (IReadOnlyList<TimelineEntry> page; (page = await _timeline.ReadAsync(timeline.Count, 500)).Count > 0;) timeline.AddRange(page);
            var owed = TimeBankCredits.From(Id, timeline, _playbooks, _catalog);
            await Task.WhenAll(owed.Select(o => GrainFactory.GetGrain<ITimeBankGrain>(o.ResponderId).Credit(o.Credit)));
            await this.ForgetReminder(TimeBankCredits.Reminder);
            _hoursOwed = false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogHoursNotCredited(_logger, e, Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Volunteers' hours of {Incident} not credited yet; the time-bank reminder retries")]
    private static partial void LogHoursNotCredited(ILogger logger, Exception exception, string incident);
}
