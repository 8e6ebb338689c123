using Orleans.Runtime;


namespace ThreeSocial.Storage;

/// <summary>
/// Orleans' reminder tables let their client's exceptions through, as its grain storage does (see
/// <see cref="UnavailableStorageTranslation"/>). A grain that sets a deadline while the database is down would then
/// answer 500, which clients do not retry; this makes it the storage outage it is (503, retry), as a state write's is.
/// </summary>
internal sealed class UnavailableReminderTranslation(IReminderTable inner, Func<Exception, bool> isUnavailable) : IReminderTable
{
    public Task StartAsync(CancellationToken cancellationToken = default) => Translate(() => inner.StartAsync(cancellationToken), "start");

    public Task StopAsync(CancellationToken cancellationToken = default) => inner.StopAsync(cancellationToken);

    public Task<ReminderTableData> ReadRows(GrainId grainId) => Translate(() => inner.ReadRows(grainId), "read");

    public Task<ReminderTableData> ReadRows(uint begin, uint end) => Translate(() => inner.ReadRows(begin, end), "read");

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName) => Translate(() => inner.ReadRow(grainId, reminderName), "read");

    public Task<string?> UpsertRow(ReminderEntry entry) => Translate(() => inner.UpsertRow(entry), "write");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag) => Translate(() => inner.RemoveRow(grainId, reminderName, eTag), "remove");

    public Task TestOnlyClearTable() => inner.TestOnlyClearTable();

    // Orleans calls these, or the ones above, depending on the version: each goes to the provider's own.
    public Task<ReminderTableData> ReadRows(GrainId grainId, CancellationToken cancellationToken) => Translate(() => inner.ReadRows(grainId, cancellationToken), "read");

    public Task<ReminderTableData> ReadRows(uint begin, uint end, CancellationToken cancellationToken) => Translate(() => inner.ReadRows(begin, end, cancellationToken), "read");

    public Task<ReminderEntry?> ReadRow(GrainId grainId, string reminderName, CancellationToken cancellationToken) =>
        Translate(() => inner.ReadRow(grainId, reminderName, cancellationToken), "read");

    public Task<string?> UpsertRow(ReminderEntry entry, CancellationToken cancellationToken) => Translate(() => inner.UpsertRow(entry, cancellationToken), "write");

    public Task<bool> RemoveRow(GrainId grainId, string reminderName, string eTag, CancellationToken cancellationToken) =>
        Translate(() => inner.RemoveRow(grainId, reminderName, eTag, cancellationToken), "remove");

    public Task TestOnlyClearTable(CancellationToken cancellationToken) => inner.TestOnlyClearTable(cancellationToken);

    private async Task Translate(Func<Task> operation, string what) => await Translate(async () => { await operation(); return true; }, what);

    private async Task<T> Translate<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            return await operation();
        }
        catch (Exception e) when (isUnavailable(e))
        {
            throw new GrainStorageException($"The reminder table could not {what}: {e.Message}", e);
        }
    }
}
