using System.Collections.Frozen;
using ThreeSocial.Grains.Common;

namespace ThreeSocial.Grains.Calendar;

/// <summary>China's working days by a holiday table: Monday to Friday unless a public holiday, and the weekend days worked in a holiday's place.</summary>
public sealed class WorkingCalendar(HolidayTable table)
{
    private readonly FrozenSet<DateOnly> _holidays = table.Holidays.ToFrozenSet();
    private readonly FrozenSet<DateOnly> _makeUpWorkdays = table.MakeUpWorkdays.ToFrozenSet();

    public bool IsWorkingDay(DateOnly day) =>
        _makeUpWorkdays.Contains(day) || (day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day));

    /// <summary>The same time of day, that many working days later (Chongqing dates): reported on Friday evening, one working day is Monday evening.</summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset from, int days)
    {
        var at = from.ToOffset(ChongqingTime.Offset);
        while (days > 0)
        {
            at = at.AddDays(1);
            if (IsWorkingDay(DateOnly.FromDateTime(at.DateTime))) days--;
        }
        return at;
    }
}
