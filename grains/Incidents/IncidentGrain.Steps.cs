using ThreeSocial.Reminders;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>The responders' and the street office's steps, each recorded and announced.</summary>
public sealed partial class IncidentGrain
{
    // ---- the responders' steps ----

    public async Task<IncidentView> Accept(string responderId, string actor)
    {
        var assignment = RequireAssignment(responderId, AssignmentStatus.Dispatched, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status != AssignmentStatus.Dispatched) return await View(); // a resend
        await Step(new TimelineEntry.Accepted(Now, Actor(actor), "", responderId).Saying(Phrase.Of("timeline.accepted", Phrase.Need(assignment.Need))));
        return await View();
    }

    public async Task<IncidentView> Decline(string responderId, string actor, string reason)
    {
        Require.Text(reason, nameof(reason), 500);
        RequireAssignment(responderId, AssignmentStatus.Dispatched);
        await ReleaseResponder(responderId, Phrase.Of("timeline.declined", actor, reason));
        return await Dispatch();
    }

    public async Task<IncidentView> Advance(string responderId, IncidentStage stage, string actor)
    {
        var (target, duty) = stage switch
        {
            IncidentStage.EnRoute => (AssignmentStatus.EnRoute, DutyState.EnRoute),
            IncidentStage.OnScene => (AssignmentStatus.OnScene, DutyState.OnScene),
            _ => throw new InvalidRequestException(nameof(stage), "invalid.advance-stage"),
        };
        var assignment = RequireAssignment(responderId, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status >= target) return await View(); // a resend, or already further
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Advance(Id, duty);
        var firstOnScene = State.FirstOnSceneAt is null && stage == IncidentStage.OnScene;
        await Step(stage == IncidentStage.OnScene
            ? new TimelineEntry.OnScene(Now, Actor(actor), "", responderId).Saying(Phrase.Of("timeline.on-scene", Phrase.Need(assignment.Need)))
            : new TimelineEntry.EnRoute(Now, Actor(actor), "", responderId).Saying(Phrase.Of("timeline.en-route", Phrase.Need(assignment.Need))));
        if (firstOnScene && RequireReport().Response == ResponseKind.Emergency) await RecordOutcome(State.FirstOnSceneAt <= RequireReport().Deadlines.RespondBy);
        if (firstOnScene) await ClearAlerts(ended: false, Phrase.Of("alert.on-scene", responderId));
        return await View();
    }

    public async Task<IncidentView> Resolve(string actor, string note, int? satisfaction = null)
    {
        await EndingStep(IncidentStage.Resolved, new TimelineEntry.Resolved(Now, Actor(actor), Note(note), Satisfaction(satisfaction)));
        var report = RequireReport();
        var followUps = Missing(report, followUps: true);
        if (!State.FollowUpSent && followUps.Length > 0)
            await FindPeople(report, followUps, followUp: true, report.ReportedAt + TimeSpan.FromHours(followUps.Max(n => n.FollowUpHours!.Value)));
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Close(string actor, string note, int? satisfaction = null)
    {
        await EndingStep(IncidentStage.Closed, new TimelineEntry.Closed(Now, Actor(actor), Note(note), Satisfaction(satisfaction)));
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Cancel(string actor, string reason)
    {
        await EndingStep(IncidentStage.Cancelled, new TimelineEntry.Cancelled(Now, Actor(actor), Note(reason)));
        await ReturnSupplies();
        await KeepWatch();
        return await View();
    }

    private static string Actor(string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        return actor;
    }

    private static string Note(string note)
    {
        Require.Text(note, nameof(note), 1000);
        return note;
    }

    private static int? Satisfaction(int? satisfaction) => satisfaction is null or (>= 1 and <= 5) ? satisfaction
        : throw new InvalidRequestException(nameof(satisfaction), "invalid.satisfaction");

    /// <summary>Resolving, closing and cancelling end every active assignment: the responders are free again.</summary>
    private async Task EndingStep(IncidentStage to, TimelineEntry entry)
    {
        RequireMove(to);
        var active = State.Active.Select(a => a.ResponderId).ToList();
        await ExpectHours(active);
        await Step(entry);
        foreach (var id in active) await GrainFactory.GetGrain<IResponderGrain>(id).Release(Id);
        await CreditHours();
        await ClearAlerts(ended: true, Phrase.Of("alert.incident-ended", Phrase.Of($"stage.{to.ToString().ToLowerInvariant()}"), entry.Note));
        foreach (var deadline in DeadlineWatch.MootOnceEnded(to)) await this.ForgetReminder(deadline.ReminderName());
    }

    public async Task<IncidentView> Acknowledge(string actor)
    {
        Actor(actor);
        RequireReport();
        if (!State.Acknowledged)
        {
            await Step(new TimelineEntry.Acknowledged(Now, actor, "").Saying(Phrase.Of("timeline.acknowledged")));
            if (State.EscalatedFor.Contains(EscalationCause.ReportUpMissed)) await Alert(EscalationCause.ReportUpMissed, a => a.ClearSaying(Phrase.Of("alert.acknowledged-by", actor)));
        }
        return await View();
    }

    public Task ResponderWithdrew(string responderId, string reason) => Withdrawn(responderId, new TimelineEntry.Released(Now, responderId, reason, responderId));

    public Task ResponderWentOffDuty(string responderId, string actor) =>
        Withdrawn(responderId, new TimelineEntry.Released(Now, responderId, "", responderId).Saying(Phrase.Of("timeline.went-off-duty", actor)));

    private async Task Withdrawn(string responderId, TimelineEntry entry)
    {
        if (!State.IsOpen || !State.Active.Any(a => a.ResponderId == responderId)) return;
        await ExpectHours([responderId]);
        await Record([entry]);
        await CreditHours();
        await Dispatch();
    }

    private async Task ReleaseResponder(string responderId, Phrase reason)
    {
        await Record([new TimelineEntry.Released(Now, "dispatch", "", responderId).Saying(reason)]);
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Release(Id);
    }

    private async Task Step(TimelineEntry entry)
    {
        await Record([entry]);
        await Announce(entry.Kind);
    }
}
