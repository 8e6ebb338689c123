using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using Xunit;

namespace ThreeSocial.Tests.Calendar;

/// <summary>Against the State Council's 2026 schedule, counted by hand on a printed calendar.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class WorkingCalendarTests
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private static readonly WorkingCalendar Shipped = new(HolidayTable.Shipped());

    [Theory]
    [InlineData("2026-10-01", false)] // National Day
    [InlineData("2026-10-07", false)]
    [InlineData("2026-10-08", true)]  // Thursday after the week off
    [InlineData("2026-10-10", true)]  // Saturday worked in its place
    [InlineData("2026-10-11", false)] // an ordinary Sunday
    [InlineData("2026-09-20", true)]  // Sunday worked in its place
    [InlineData("2026-09-25", false)] // Mid-Autumn, a Friday
    [InlineData("2026-11-27", true)]  // an ordinary Friday
    public void Holidays_and_their_make_up_days_are_as_published(string day, bool working) =>
        Assert.Equal(working, Shipped.IsWorkingDay(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Seven_working_days_across_mid_autumn_and_national_day_skip_every_day_off_and_count_the_make_up_saturday()
    {
        // Reported Wed 23 Sep 10:00. Working days after it: Thu 24 (1); Fri 25–Sun 27 Mid-Autumn; Mon 28 (2), Tue 29 (3),
        // Wed 30 (4); 1–7 Oct National Day; Thu 8 (5), Fri 9 (6), Sat 10 worked in its place (7).
        var reported = new DateTimeOffset(2026, 9, 23, 10, 0, 0, China);

        var deadlines = Deadlines.For(ResponseKind.Service, reported, Shipped);

        Assert.Equal(new DateTimeOffset(2026, 10, 10, 10, 0, 0, China), deadlines.ResolveBy);
        Assert.Equal(reported.AddHours(24), deadlines.FeedbackBy); // the 24 hours are clock hours, holiday or not
    }

    [Fact]
    public void Without_holidays_only_weekends_are_skipped()
    {
        var calendar = new WorkingCalendar(new HolidayTable([], []));
        var friday = new DateTimeOffset(2026, 10, 2, 16, 0, 0, China);

        Assert.Equal(new DateTimeOffset(2026, 10, 13, 16, 0, 0, China), calendar.AddWorkingDays(friday, 7)); // Mon 5 … Tue 13
    }

    [Fact]
    public void A_table_that_contradicts_itself_is_refused_naming_the_list()
    {
        var weekday = Assert.Throws<InvalidRequestException>(() => new HolidayTable([], [new DateOnly(2026, 10, 9)]).Checked());
        Assert.Equal("makeUpWorkdays", weekday.Field);
        var both = Assert.Throws<InvalidRequestException>(() => new HolidayTable([new DateOnly(2026, 10, 10)], [new DateOnly(2026, 10, 10)]).Checked());
        Assert.Equal("makeUpWorkdays", both.Field);
    }

    [Fact]
    public void A_table_is_kept_sorted_without_repeats()
    {
        var table = new HolidayTable([new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)], []).Checked();

        Assert.Equal([new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 2)], table.Holidays.AsEnumerable());
    }
}
