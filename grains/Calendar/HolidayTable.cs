using System.Globalization;
using System.Collections.Immutable;
using System.Text.Json;
using ThreeSocial.Grains.Common;

namespace ThreeSocial.Grains.Calendar;

/// <summary>
/// The days China does not work on weekdays (public holidays) and the weekend days it works instead (调休), as the
/// State Council publishes them each year. Kept by the admin; the working days of a service request's deadline follow it.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.HolidayTable")]
public sealed record HolidayTable([property: Id(0)] ImmutableArray<DateOnly> Holidays, [property: Id(1)] ImmutableArray<DateOnly> MakeUpWorkdays)
{
    public const int MostDays = 400;

    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web);

    /// <summary>The table shipped with the service (grains/Calendar/holidays.json), used until the admin stores one.</summary>
    public static HolidayTable Shipped()
    {
        using var stream = typeof(HolidayTable).Assembly.GetManifestResourceStream("holidays.json")
            ?? throw new InvalidOperationException("holidays.json is not embedded in the grains assembly.");
        var table = JsonSerializer.Deserialize<HolidayTable>(stream, FileOptions)
            ?? throw new InvalidOperationException("holidays.json is empty.");
        return table.Checked();
    }

    /// <summary>Sorted, without repeats; refused (400, naming the list) when a list is missing, a day is in both lists, a make-up day is a weekday, or a list is too long.</summary>
    public HolidayTable Checked()
    {
        // Both lists are asked for: a table sent without one must not silently clear it.
        if (Holidays.IsDefault) throw new InvalidRequestException("holidays", "invalid.holidays-missing");
        if (MakeUpWorkdays.IsDefault) throw new InvalidRequestException("makeUpWorkdays", "invalid.workdays-missing");
        var holidays = Holidays.Distinct().Order().ToImmutableArray();
        var workdays = MakeUpWorkdays.Distinct().Order().ToImmutableArray();
        if (holidays.Length > MostDays) throw new InvalidRequestException("holidays", "invalid.holidays-many", MostDays);
        if (workdays.Length > MostDays) throw new InvalidRequestException("makeUpWorkdays", "invalid.workdays-many", MostDays);
        var weekday = workdays.FirstOrDefault(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        if (weekday != default) throw new InvalidRequestException("makeUpWorkdays", "invalid.workday-weekday", weekday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        var both = holidays.Intersect(workdays).FirstOrDefault();
        if (both != default) throw new InvalidRequestException("makeUpWorkdays", "invalid.holiday-and-workday", both.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return new HolidayTable(holidays, workdays);
    }
}
