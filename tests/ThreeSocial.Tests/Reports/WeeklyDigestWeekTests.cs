using ThreeSocial.Grains.Reports;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Reports;

[Trait("Category", TestCategory.Unit)]
public sealed class WeeklyDigestWeekTests
{
    [Theory]
    [InlineData("2026-10-05T07:59:59+08:00", "2026-09-21")] // Monday before 08:00: last week is not due yet
    [InlineData("2026-10-05T08:00:00+08:00", "2026-09-28")]
    [InlineData("2026-10-04T23:59:00Z", "2026-09-21")]       // 07:59 on Monday in Chongqing
    [InlineData("2026-10-05T00:00:00Z", "2026-09-28")]       // 08:00 on Monday in Chongqing
    [InlineData("2026-10-11T23:00:00+08:00", "2026-09-28")] // all week until the next Monday 08:00
    [InlineData("2026-10-12T09:00:00+08:00", "2026-10-05")]
    public void The_week_due_is_the_last_whole_week_from_monday_08_00_chongqing_time(string now, string monday) =>
        Assert.Equal(DateOnly.Parse(monday, System.Globalization.CultureInfo.InvariantCulture), WeeklyDigest.DueWeek(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)));
}
