using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Reports;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Reports;

/// <summary>
/// The weekly digest on virtual time: nothing before Monday 08:00, then one routine alert per street in its inbox with the
/// week's figures, never sent twice and never escalated.
/// </summary>
[Trait("Category", TestCategory.Grain)]
public sealed class WeeklyDigestTests() : IncidentTest
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    protected override DateTimeOffset Start => new(2026, 9, 28, 9, 0, 0, China);

    [Fact]
    public async Task Each_street_gets_its_week_on_monday_at_eight_once_and_unescalated()
    {
        var digest = Grains.GetGrain<IWeeklyDigestGrain>(WeeklyDigestGrain.City);
        await digest.Start();
        Assert.Equal(new DateOnly(2026, 9, 21), (await digest.Status()).LastWeek); // the weeks before the first start were not watched: none is sent

        // Mon 28 Sep 09:00: an emergency acknowledged at once, with nobody on duty to send, misses its 2 hours.
        var incident = Incident("digest-e1");
        await incident.Report(Report("digest-e1", subtype: "heat-illness"));
        await incident.Acknowledge("street-office");
        await PassUntil(incident, v => v.Timeline.Any(t => t is TimelineEntry.DeadlineMissed { Deadline: DeadlineKind.OnScene }), "the 2 hours are missed", TimeSpan.FromHours(3));
        var street = (await incident.Get()).Report.Place.Street;
        var alertId = AlertIds.For(street, AlertKinds.WeeklyDigest, "2026-09-28");

        // Mon 5 Oct, before 08:00: the digest has looked (hourly) and sent nothing yet.
        await JumpTo(new DateTimeOffset(2026, 10, 5, 6, 58, 0, China));
        await Clock.PassUntil(async () => (await digest.Status()).LookedAt >= new DateTimeOffset(2026, 10, 5, 6, 0, 0, China), "the digest looks before 08:00", TimeSpan.FromMinutes(61));
        Assert.True((await digest.Status()).LookedAt < new DateTimeOffset(2026, 10, 5, 8, 0, 0, China));
        Assert.Null(await Grains.GetGrain<IAlertGrain>(alertId).Get());
        Assert.Equal(new DateOnly(2026, 9, 21), (await digest.Status()).LastWeek);

        // From 08:00, at its next look: every street has its week, this one with the miss.
        await Clock.PassUntil(async () => (await digest.Status()).LastWeek == new DateOnly(2026, 9, 28), "the week of 28 September is sent", TimeSpan.FromMinutes(70));
        var alert = (await Grains.GetGrain<IAlertGrain>(alertId).Get())!;
        Assert.Equal((AlertKinds.WeeklyDigest, street, "2026-09-28"), (alert.Kind, alert.Street, alert.Subject));
        Assert.Equal("week of 2026-09-28: reported up in 15 min 1/1, on scene in 2 h 0/1, answered in 24 h 0/0, resolved in 7 working days 0/0; 1 missed, 0 pending; satisfaction - from 0 ratings",
            alert.Messages.Single().Detail);
        Assert.Equal("2026-09-28 起一周：15分钟上报 1/1，2小时到场 0/1，24小时答复 0/0，7个工作日办结 0/0（达标/已判定）；未达标 1 项，进行中 0 项；居民满意度 -（0 份评价）",
            AlertTexts.Detail(alert.Messages[0], ThreeSocial.Grains.Texts.Texts.Chinese));
        foreach (var other in Catalog.City.Streets)
            Assert.Contains(await Grains.GetGrain<IAlertInboxGrain>(other.Code).List(null, AlertKinds.WeeklyDigest, 10), e => e.Subject == "2026-09-28");

        // Past 10:00: two more looks and the acknowledgement window (30 min) long past: still one message, and nobody escalated it.
        await Clock.PassUntil(async () => (await digest.Status()).LookedAt >= new DateTimeOffset(2026, 10, 5, 10, 0, 0, China), "the digest looks twice more", TimeSpan.FromHours(2.5));
        alert = (await Grains.GetGrain<IAlertGrain>(alertId).Get())!;
        Assert.Equal((1, AlertStatus.Open, null), (alert.Messages.Length, alert.Status, alert.EscalatedTo));
    }
}
