using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

[Trait("Category", TestCategory.Unit)]
public sealed class DeadlinesTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    [Fact]
    public void An_emergency_is_reported_up_within_15_minutes_and_someone_is_on_scene_within_2_hours()
    {
        var at = new DateTimeOffset(2026, 7, 17, 23, 10, 0, China);

        var d = Deadlines.For(ResponseKind.Emergency, at, new WorkingCalendar(HolidayTable.Shipped()));

        Assert.Equal((at.AddMinutes(15), at.AddHours(2), (DateTimeOffset?)null, (DateTimeOffset?)null), (d.ReportUpBy, d.OnSceneBy, d.FeedbackBy, d.ResolveBy));
        Assert.Equal(at.AddHours(2), d.RespondBy);
    }

    [Fact]
    public void A_service_request_gets_feedback_within_24_hours_and_is_resolved_within_7_working_days()
    {
        var friday = new DateTimeOffset(2026, 7, 17, 16, 0, 0, China);

        var d = Deadlines.For(ResponseKind.Service, friday, new WorkingCalendar(HolidayTable.Shipped()));

        Assert.Equal(friday.AddHours(24), d.FeedbackBy);
        Assert.Equal(new DateTimeOffset(2026, 7, 28, 16, 0, 0, China), d.ResolveBy); // Mon 20 … Tue 28: two weekends skipped
        Assert.Null(d.OnSceneBy);
    }

    [Fact]
    public void Every_playbook_names_known_supplies_and_needs_people()
    {
        Assert.All(Playbooks.Load(SupplyCatalog.Load()).All, p => Assert.NotEmpty(p.People));
        Assert.Contains(Playbooks.Load(SupplyCatalog.Load()).Get("elderly-fall").People, n => n.IsFollowUp && n.Role == ThreeSocial.Grains.Geography.ResponderRole.SocialWorker);
        Assert.Throws<InvalidRequestException>(() => Playbooks.Load(SupplyCatalog.Load()).Get("volcano"));
    }
}
