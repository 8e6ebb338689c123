using System.Globalization;
using Orleans;
using Orleans.Runtime;

namespace ThreeSocial.Storage;

/// <summary>
/// Orleans' reminder table over one of our stores. A row's ETag is derived from what it holds (first tick and period),
/// so re-registering a reminder changes it and a removal that names the old one leaves the new one alone. Ring ranges
/// are answered by the grain id's uniform hash, computed from the stored type and key. Rows the previous runtime wrote
/// as one-shots (period zero) read as a one-minute period: their grains unregister them when they fire.
/// </summary>
public sealed class StoreReminderTable(IReminderStore store) : IReminderTable
{
    /// <summary>Orleans' smallest period, which one-shot reminders use before they unregister themselves.</summary>
    public static readonly TimeSpan OneShotPeriod = TimeSpan.FromMinutes(1);

    public async Task<ReminderTableData> ReadRows(GrainId grainId) =>
        new((await store.ReadAsync(GrainKey.Of(grainId))).Select(ToEntry));

    public async Task<ReminderTableData> ReadRows(uint begin, uint end)
    {
        var rows = await store.ReadAllAsync();
        return new ReminderTableData(rows.Select(ToEntry).Where(e => InRange(e.GrainId.GetUniformHashCode(), begin, end)));
    }

    public async Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) =>
        (await store.ReadAsync(GrainKey.Of(grainId))).Where(r => r.Name == reminderName).Select(ToEntry).FirstOrDefault();

    public async Task<string?> UpsertRow(ReminderEntry entry)
    {
        var row = new ReminderRow(GrainKey.Of(entry.GrainId), entry.ReminderName,
            new DateTimeOffset(DateTime.SpecifyKind(entry.StartAt, DateTimeKind.Utc)), entry.Period);
        await store.UpsertAsync(row);
        return ETagOf(row);
    }

    public async Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag)
    {
        var key = GrainKey.Of(grainId);
        var row = (await store.ReadAsync(key)).FirstOrDefault(r => r.Name == reminderName);
        if (row is null || ETagOf(row) != eTag) return false;
        await store.RemoveAsync(key, reminderName);
        return true;
    }

    public async Task TestOnlyClearTable()
    {
        foreach (var row in await store.ReadAllAsync()) await store.RemoveAsync(row.GrainKey, row.Name);
    }

    /// <summary>Orleans' ring ranges are (begin, end], wrapping past uint.MaxValue; begin == end is the whole ring.</summary>
    internal static bool InRange(uint hash, uint begin, uint end) =>
        begin < end ? hash > begin && hash <= end : hash > begin || hash <= end;

    private static ReminderEntry ToEntry(ReminderRow row) => new()
    {
        GrainId = row.GrainKey.ToGrainId(),
        ReminderName = row.Name,
        StartAt = row.Due.UtcDateTime,
        Period = row.Period > TimeSpan.Zero ? row.Period : OneShotPeriod,
        ETag = ETagOf(row),
    };

    private static string ETagOf(ReminderRow row) =>
        string.Create(CultureInfo.InvariantCulture, $"{row.Due.ToUnixTimeMilliseconds():x}-{(long)row.Period.TotalMilliseconds:x}");
}
