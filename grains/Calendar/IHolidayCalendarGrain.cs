namespace ThreeSocial.Grains.Calendar;

/// <summary>The city's one holiday table (key <see cref="HolidayCalendarGrain.Key"/>): read by every service request's report, replaced by the admin.</summary>
[Alias("ts.IHolidayCalendarGrain")]
public interface IHolidayCalendarGrain : IGrainWithStringKey
{
    [ReadOnly] Task<HolidayTable> Get();

    /// <summary>Replaces the table; deadlines already set stay as they were (a report's deadlines are fixed when it is filed).</summary>
    Task<HolidayTable> Replace(HolidayTable table);
}
