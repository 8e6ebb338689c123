using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

/// <summary>The 15-minute and 2-hour deadlines, reached on virtual time.</summary>
[Trait("Category", TestCategory.Grain)]
public sealed class IncidentDeadlineTests() : IncidentTest
{
    // Here nobody is slow to accept: only the deadlines are under test.
    protected override DispatchOptions Options { get; } = new() { RoundWindow = TimeSpan.FromMilliseconds(20), AcceptTimeout = TimeSpan.FromHours(3) };

    [Fact]
    public async Task With_nobody_on_duty_the_incident_is_escalated_and_its_deadlines_fire_after_a_restart()
    {
        var incident = Incident("alone-1");
        await incident.Report(Report("alone-1"));
        var escalated = await Until(incident, v => v.Stage == IncidentStage.Escalated, "escalated");
        Assert.Contains(escalated.Timeline, t => t.Kind == TimelineKind.Escalated && t.Note!.StartsWith("no responder found", StringComparison.Ordinal));
        Assert.Single(escalated.Timeline, t => t is TimelineEntry.Escalated { Cause: EscalationCause.NoResponder }); // the watch retries, but says it once
        var alert = Grains.GetGrain<IAlertGrain>(AlertIds.For(escalated.Report.Place.Street, "no-responder", escalated.Id));
        await Eventually.True(async () => await alert.Get() is { Status: AlertStatus.Open }, "the street office is alerted");

        await RestartAsync(); // the deadlines are durable reminders: they fire in the next run

        var view = await PassUntil(Incident("alone-1"), v => v.Timeline.Count(t => t.Kind == TimelineKind.DeadlineMissed) == 2, "both deadlines missed", TimeSpan.FromHours(3));
        Assert.Equal(["report-up", "on-scene"], view.Timeline.Where(t => t.Kind == TimelineKind.DeadlineMissed).Select(t => t.Note));
        Assert.Null(view.FirstOnSceneAt);
    }

    [Fact]
    public async Task Acknowledged_by_the_street_and_on_scene_in_time_misses_no_deadline()
    {
        var medic = Qualified("first-aid")[0];
        await OnDuty(medic, 0.1);
        var incident = Incident("ontime-1");
        await incident.Report(Report("ontime-1", subtype: "heat-illness"));
        await incident.Acknowledge("street-office-500103001");
        await Until(incident, v => v.Assignments.Any(), "dispatched");
        await incident.Accept(medic.Id, medic.Id);
        await incident.Advance(medic.Id, IncidentStage.OnScene, medic.Id);
        // The control: reported and acknowledged at the same simulated moment (time has not moved), and nobody arrives.
        var late = Incident("late-1");
        await late.Report(Report("late-1", subtype: "heat-illness"));
        await late.Acknowledge("street-office-500103001");
        Assert.Equal((await incident.Get()).Report.Deadlines.OnSceneBy, (await late.Get()).Report.Deadlines.OnSceneBy);

        // Past the 2-hour mark, until the watch has judged the control late: the same watch judged this one too.
        await PassUntil(late, v => v.Timeline.Any(t => t.Kind == TimelineKind.DeadlineMissed && t.Note == "on-scene"), "the control misses its on-scene deadline", TimeSpan.FromHours(3));
        await Clock.Pass(TimeSpan.FromMinutes(2)); // two more ticks of the reminders' one-minute grid, in case its own came after

        var view = await incident.Get();
        Assert.True(Clock.GetUtcNow() >= view.Report.Deadlines.OnSceneBy, "the deadline has come");
        Assert.DoesNotContain(view.Timeline, t => t.Kind == TimelineKind.DeadlineMissed);
        Assert.True(view.FirstOnSceneAt <= view.Report.Deadlines.OnSceneBy);
        Assert.DoesNotContain((await late.Get()).Timeline, t => t.Kind == TimelineKind.DeadlineMissed && t.Note == "report-up"); // acknowledged in time
    }

    [Fact]
    public async Task With_nobody_local_a_neighbouring_district_sends_help_as_mutual_aid()
    {
        Assert.Contains("500106", Catalog.NeighbourDistricts("500103"));
        var helper = Catalog.City.Responders.First(r => r.HomeCommunity.StartsWith("500106", StringComparison.Ordinal) && r.QualifiedSkills(Today).Contains("first-aid"));
        await OnDuty(helper, 0.8);
        var incident = Incident("aid-1");

        await incident.Report(Report("aid-1", subtype: "heat-illness"));

        var view = await Until(incident, v => v.Assignments.Any(a => a.ResponderId == helper.Id), "the neighbour's medic is dispatched");
        Assert.True(view.Assignments.Single().MutualAid);
        Assert.Contains(view.Timeline, t => t.Kind == TimelineKind.Dispatched && t.Note!.StartsWith("mutual aid from district 500106", StringComparison.Ordinal));
        Assert.Equal(DutyState.Assigned, (await Grains.GetGrain<IResponderGrain>(helper.Id).GetStatus()).Duty);
    }
}
