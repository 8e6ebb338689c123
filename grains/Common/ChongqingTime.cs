namespace ThreeSocial.Grains.Common;

/// <summary>Chongqing keeps China Standard Time (+08:00, no daylight saving): dates and deadlines are in it.</summary>
public static class ChongqingTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(Now(clock).DateTime);

    /// <summary>The Chongqing date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(Offset).DateTime);

    /// <summary>The Chongqing date of an instant as yyyy-MM-dd: the key of grains kept one per day.</summary>
    public static string DayKey(DateTimeOffset at) => at.ToOffset(Offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
