namespace ThreeSocial.Grains.Calendar;

public sealed record HolidayCalendarState
{
    /// <summary>Null until the admin stores a table: the shipped one is used.</summary>
    public HolidayTable? Table { get; init; }
}
