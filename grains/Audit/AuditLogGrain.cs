using ThreeSocial.Grains.Common;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Audit;

[Reentrant]
public sealed class AuditLogGrain([Journal("audit")] IJournal<AuditDay, AuditBatch> log) : Grain, IAuditLogGrain
{
    public const int MaxTake = 1000;

    /// <summary>An entry's number is its batch's number (from 1) × this, plus its place in the batch (1 to 9,999).</summary>
    private const int BatchLimit = 10_000;

    public static string KeyFor(DateTimeOffset at) => ChongqingTime.DayKey(at);

    private List<AuditEntry> _waiting = [];
    private TaskCompletionSource? _nextWrite;
    private bool _writing;

    public Task Record(AuditEntry entry)
    {
        _waiting.Add(entry);
        var written = (_nextWrite ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        if (!_writing) _ = WriteWaiting();
        return written;
    }

    // One write at a time, each taking everything that arrived meanwhile as one record: a busy day costs one storage
    // write per batch, not per request (thousands of requests a second would otherwise double the store's work).
    private async Task WriteWaiting()
    {
        _writing = true;
        while (_waiting.Count > 0)
        {
            var (entries, done) = (_waiting, _nextWrite!);
            (_waiting, _nextWrite) = ([], null);
            try
            {
                await log.AppendAsync([.. entries.Chunk(BatchLimit - 1).Select(c => new AuditBatch([.. c]))]);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
        _writing = false;
    }

    public async Task<IReadOnlyList<NumberedAuditEntry>> Read(long after, int take, string? user)
    {
        if (after < 0) throw new InvalidRequestException(nameof(after), "invalid.zero-or-more", nameof(after));
        if (take is < 1 or > MaxTake) throw new InvalidRequestException(nameof(take), "invalid.between", nameof(take), 1, MaxTake);
        var found = new List<NumberedAuditEntry>();
        var next = Math.Max(after / BatchLimit - 1, 0); // the log position of the batch holding `after` (batch n is at n - 1)
        while (found.Count < take && next < log.Length)
        {
            var page = await log.ReadAsync(next, 100);
            if (page.Count == 0) break;
            foreach (var record in page)
            {
                next++;
                for (var i = 0; i < record.Entries.Length && found.Count < take; i++)
                {
                    var number = next * BatchLimit + i + 1;
                    if (number <= after) continue;
                    if (user is null || record.Entries[i].User == user) found.Add(new NumberedAuditEntry(number, record.Entries[i]));
                }
                if (found.Count == take) break;
            }
        }
        return found;
    }
}
