namespace ThreeSocial.Grains.Reports;

/// <summary>A report's span: the day, the ISO week (Monday to Sunday) or the calendar month that holds a date.</summary>
[GenerateSerializer, Alias("ts.ReportPeriod")]
public enum ReportPeriod { Day, Week, Month }

public static class ReportPeriods
{
    public static (DateOnly From, DateOnly To) Span(this ReportPeriod period, DateOnly date) => period switch
    {
        ReportPeriod.Day => (date, date),
        ReportPeriod.Week => (date.AddDays(-(((int)date.DayOfWeek + 6) % 7)), date.AddDays(-(((int)date.DayOfWeek + 6) % 7) + 6)),
        _ => (new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month))),
    };

    public static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var day = from; day <= to; day = day.AddDays(1)) yield return day;
    }
}
