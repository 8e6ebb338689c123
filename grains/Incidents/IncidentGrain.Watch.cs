using System.Globalization;
using ThreeSocial.Reminders;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.TimeBank;

namespace ThreeSocial.Grains.Incidents;

/// <summary>Escalation, the deadlines and the watch: the incident's reminders and what they raise.</summary>
public sealed partial class IncidentGrain
{
    // ---- escalation ----

    /// <summary>Raised once per cause: the watch retries every minute and must not repeat what is already known.</summary>
    private async Task Escalate(EscalationCause cause, Phrase reason)
    {
        var report = RequireReport();
        if (State.EscalatedFor.Contains(cause)) return;
        await Record([new TimelineEntry.Escalated(Now, "dispatch", "", cause).Saying(reason)]);
        await Announce(TimelineKind.Escalated);
        await Alert(cause, a => a.Raise(new AlertCondition(cause.AlertKind(), report.Place.Street, report.Place.District, Id, reason.ToString(), Now, report.Class.ToString()) { Said = reason }));
    }

    /// <summary>Conditions that are over once someone is on scene, or once the incident has ended.</summary>
    private async Task ClearAlerts(bool ended, Phrase reason)
    {
        foreach (var cause in State.EscalatedFor.Where(c => ended || c.IsOverOnScene()).DistinctBy(c => c.AlertKind()).ToList())
            await Alert(cause, a => a.ClearSaying(reason));
    }

    private Task<bool> Alert(EscalationCause cause, Func<IAlertGrain, Task> change) =>
        GrainFactory.Tell(RequireReport().Place.Street, cause.AlertKind(), Id, change, _logger);


    // ---- deadlines and the watch ----

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Report is not { } report)
        {
            await this.ForgetReminder(reminderName);
            return;
        }
        if (reminderName == TimeBankCredits.Reminder)
        {
            await SendHours(); // forgets the reminder once every ledger has its credit
            return;
        }
        if (reminderName == DeadlineWatch.Watch)
        {
            _watchKnown = false; // fired: set again for the next thing due, or forgotten
            if (State.IsOpen)
            {
                var released = await ReleaseUnaccepted();
                if (released || Now - _lastSearch >= _options.RetryUnfilledEvery) await DispatchPeople();
                await IssueSupplies(); // a lost first request for supplies is made good here
            }
            await KeepWatch();
            return;
        }
        if (DeadlineWatch.FromReminder(reminderName) is { } deadline && DeadlineWatch.IsMissed(deadline, State))
        {
            if (deadline == DeadlineKind.OnScene) await RecordOutcome(onSceneInTime: false);
            if (!State.MissedDeadlines.Contains(deadline))
            {
                await Record([new TimelineEntry.DeadlineMissed(Now, deadline)]);
                await Escalate(deadline.MissedCause(), Phrase.Of("timeline.deadline-missed-reason", Phrase.Of($"deadline.{reminderName}"), report.ReportedAt.ToString("HH:mm", CultureInfo.InvariantCulture)));
            }
        }
        // Forgotten only once handled: a deadline whose handling failed fires again a minute later.
        await this.ForgetReminder(reminderName);
    }

    /// <summary>When the registered watch is due, as this activation knows it (unknown after activation: set again).</summary>
    private DateTimeOffset? _watchDue;
    private bool _watchKnown;

    private async Task KeepWatch()
    {
        var next = State.Report is { } report
            ? DeadlineWatch.NextWatch(State, Missing(report, followUps: false).Length > 0, _lastSearch, Now, _options)
            : null;
        if (_watchKnown && next == _watchDue) return;
        if (next is { } at) await this.RemindOnce(DeadlineWatch.Watch, Max(at - Now, TimeSpan.Zero));
        else await this.ForgetReminder(DeadlineWatch.Watch);
        (_watchDue, _watchKnown) = (next, true);
    }

    /// <summary>A dispatch not accepted within the configured time goes to the next best responder.</summary>
    private async Task<bool> ReleaseUnaccepted()
    {
        var late = DeadlineWatch.Unaccepted(State, Now, _options.AcceptTimeout);
        foreach (var a in late) await ReleaseResponder(a.ResponderId, Phrase.Of("timeline.not-accepted-in", _options.AcceptTimeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)));
        // Minutes lost waiting for an answer put an emergency's deadline at risk: the street office hears it once.
        if (late.Count > 0 && RequireReport().Response == ResponseKind.Emergency && State.FirstOnSceneAt is null)
            await Escalate(EscalationCause.NotAccepted, Phrase.Of("timeline.escalated-not-accepted", Phrase.List(late.Select(a => Phrase.Plain(a.ResponderId))), _options.AcceptTimeout.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)));
        return late.Count > 0;
    }
}
