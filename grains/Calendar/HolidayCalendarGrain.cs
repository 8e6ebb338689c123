using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Calendar;

/// <param name="shipped">grains/Calendar/holidays.json, used until the admin stores a table.</param>
public sealed class HolidayCalendarGrain([PersistentState("calendar")] IPersistentState<HolidayCalendarState> state, HolidayTable shipped) : Grain, IHolidayCalendarGrain
{
    public const string Key = "china";

    public Task<HolidayTable> Get() => Task.FromResult(state.State.Table ?? shipped);

    public async Task<HolidayTable> Replace(HolidayTable table)
    {
        var checkedTable = table.Checked();
        await state.ReplaceStateAsync(new HolidayCalendarState { Table = checkedTable });
        return checkedTable;
    }
}
