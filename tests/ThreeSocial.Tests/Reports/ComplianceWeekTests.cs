using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Reports;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Reports;

/// <summary>
/// One week of one street, lived on virtual time through the real incident grains, against figures counted by hand.
/// The week of Monday 28 September 2026 holds the National Day holiday (1–7 October, 10 October worked in its place),
/// so a service request's 7 working days run to 14 October, not 8 October.
/// </summary>
[Trait("Category", TestCategory.Grain)]
public sealed class ComplianceWeekTests() : IncidentTest
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    protected override DateTimeOffset Start => new(2026, 9, 28, 9, 0, 0, China);

    protected override ThreeSocial.Grains.Dispatch.DispatchOptions Options { get; } = new() { RoundWindow = TimeSpan.FromMilliseconds(20), AcceptTimeout = TimeSpan.FromHours(3) };

    [Fact]
    public async Task A_week_with_the_national_day_holiday_counts_each_deadline_miss_and_rating_as_counted_by_hand()
    {
        var medic = Qualified("first-aid")[0];
        var carer = Qualified("elderly-care").First(r => !r.QualifiedSkills(Today).Contains("first-aid"));

        // Mon 28 Sep 09:00. E1, an emergency: acknowledged at once, the medic on scene at once; resolved, closed, rated 5.
        await OnDuty(medic, 0.1);
        var e1 = Incident("week-e1");
        await e1.Report(Report("week-e1", subtype: "heat-illness"));
        await e1.Acknowledge("street-office");
        await Until(e1, v => v.Assignments.Any(a => a.ResponderId == medic.Id), "the medic is sent");
        await e1.Accept(medic.Id, medic.Id);
        await e1.Advance(medic.Id, IncidentStage.OnScene, medic.Id);
        await e1.Resolve(medic.Id, "cooled down, no hospital needed");
        await e1.Close("street-office", "the resident is well", satisfaction: 5);
        await Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(medic.Id).SetDuty(false, "end of shift");

        // S1, a service request: accepted at once (answered in 24 h), resolved the same day, rated 4.
        await OnDuty(carer, 0.1);
        var s1 = Incident("week-s1");
        await s1.Report(Report("week-s1", subtype: "welfare-check"));
        await Until(s1, v => v.Assignments.Any(a => a.ResponderId == carer.Id), "the carer is sent");
        await s1.Accept(carer.Id, carer.Id);
        await s1.Advance(carer.Id, IncidentStage.OnScene, carer.Id);
        await s1.Resolve(carer.Id, "visited", satisfaction: 4);

        // Tue 29 Sep 09:00. S2, a service request: accepted at once, resolved only on Mon 12 Oct (in time, by the holidays).
        await JumpTo(new DateTimeOffset(2026, 9, 29, 9, 0, 0, China));
        var s2 = Incident("week-s2");
        await s2.Report(Report("week-s2", subtype: "welfare-check"));
        Assert.Equal(new DateTimeOffset(2026, 10, 14, 9, 0, 0, China), (await s2.Get()).Report.Deadlines.ResolveBy);
        await Until(s2, v => v.Assignments.Any(a => a.ResponderId == carer.Id), "the carer is sent again");
        await s2.Accept(carer.Id, carer.Id);

        // E2, an emergency with nobody free who can help, and the street office does not acknowledge it: both deadlines missed.
        var e2 = Incident("week-e2");
        await e2.Report(Report("week-e2", subtype: "heat-illness"));
        await PassUntil(e2, v => v.Timeline.Count(t => t.Kind == TimelineKind.DeadlineMissed) == 2, "E2 misses both deadlines", TimeSpan.FromHours(3));

        // Wed 30 Sep. C1, reported and cancelled (a false alarm): it counts nowhere.
        await JumpTo(new DateTimeOffset(2026, 9, 30, 9, 0, 0, China));
        var c1 = Incident("week-c1");
        await c1.Report(Report("week-c1", subtype: "heat-illness"));
        await c1.Cancel("street-office", "a false alarm");

        // Mon 12 Oct 10:00: S2 resolved, rated 3.
        await JumpTo(new DateTimeOffset(2026, 10, 12, 10, 0, 0, China));
        await s2.Advance(carer.Id, IncidentStage.OnScene, carer.Id);
        await s2.Resolve(carer.Id, "settled", satisfaction: 3);

        var street = RegionCode.Parse((await e1.Get()).Report.Place.Street);
        var week = await Settled(street, ReportPeriod.Week, r => r.Total.ResolvedIn7WorkingDays.Met == 2 && r.Total.SatisfactionRatings == 3, "the week's figures settle");

        Assert.Equal((new DateOnly(2026, 9, 28), new DateOnly(2026, 10, 4)), (week.From, week.To));
        var t = week.Total;
        Assert.Equal((2, 2), (t.Emergencies, t.ServiceRequests)); // C1, cancelled, is not counted
        Assert.Equal(new DeadlineTally(1, 1, 0), t.ReportedUpIn15Minutes);
        Assert.Equal(new DeadlineTally(1, 1, 0), t.OnSceneIn2Hours);
        Assert.Equal(new DeadlineTally(2, 0, 0), t.AnsweredIn24Hours);
        Assert.Equal(new DeadlineTally(2, 0, 0), t.ResolvedIn7WorkingDays);
        Assert.Equal((0.5, 0.5, 1.0, 1.0), (t.ReportedUpIn15Minutes.Share, t.OnSceneIn2Hours.Share, t.AnsweredIn24Hours.Share, t.ResolvedIn7WorkingDays.Share));
        Assert.Equal((3, 4.0), (t.SatisfactionRatings, t.SatisfactionAverage)); // (5 + 4 + 3) / 3
        Assert.Equal([2, 2, 0, 0, 0, 0, 0], week.Days.Select(d => d.Tally.Emergencies + d.Tally.ServiceRequests));
        Assert.Equal(
            [(e2.GetPrimaryKeyString(), DeadlineKind.ReportUp, MissCause.NotAcknowledged), (e2.GetPrimaryKeyString(), DeadlineKind.OnScene, MissCause.NoResponderFound)],
            week.Misses.Select(m => (m.IncidentId, m.Deadline, m.Cause)));

        // The district and the city add up to the same: their misses are read from the street that had them.
        var district = await Settled(street.District, ReportPeriod.Week, r => r.Total == t, "the district's figures settle");
        Assert.Equal(week.Misses.AsEnumerable(), district.Misses.AsEnumerable());
        var city = await Settled(RegionCode.City, ReportPeriod.Month, r => r.Total == t, "the city's month settles");
        Assert.Equal(30, city.Days.Length);

        // As CSV: the total row, by hand.
        Assert.EndsWith("total,2,2,1,1,0.5,1,1,0.5,2,0,1,2,0,1,3,4\r\n", ComplianceCsv.Days(week));
    }

    private async Task<ComplianceReport> Settled(RegionCode region, ReportPeriod period, Func<ComplianceReport, bool> done, string what)
    {
        ComplianceReport report = null!;
        await Eventually.True(async () => done(report = await ComplianceReader.ReadAsync(Grains, region, period, new DateOnly(2026, 9, 30))), what);
        return report;
    }
}
