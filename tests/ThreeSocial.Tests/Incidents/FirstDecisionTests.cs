using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Incidents;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

/// <summary>
/// A board that does not answer within the first-decision wait (here: no wait at all) must not keep the report from
/// being stored, nor lose or repeat the decision that arrives after it.
/// </summary>
[Trait("Category", TestCategory.Grain)]
public sealed class FirstDecisionTests() : IncidentTest
{
    protected override DispatchOptions Options { get; } = new() { FirstDecisionWait = TimeSpan.Zero };

    [Fact]
    public async Task A_decision_later_than_the_wait_is_stored_after_the_report_once()
    {
        var medic = Qualified("first-aid")[0];
        await OnDuty(medic, 0.2);

        var reported = (await Incident("late-board").Report(Report("late-board", subtype: "heat-illness"))).Incident;

        Assert.Equal([TimelineKind.Reported, TimelineKind.ReportedUp, TimelineKind.Dispatched],
            reported.Timeline.Select(t => t.Kind).Where(k => k is not (TimelineKind.SuppliesIssued or TimelineKind.Escalated)));
        Assert.Equal(medic.Id, reported.Assignments.Single().ResponderId);
        var replay = await Incident("late-board").Report(Report("late-board", subtype: "heat-illness"));
        Assert.True(replay.Replayed);
        Assert.Single(replay.Incident.Timeline, t => t.Kind == TimelineKind.Dispatched);
    }
}
