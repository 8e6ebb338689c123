using ThreeSocial.Grains.Common;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Audit;

/// <summary>
/// One change (or refused attempt) through the API: who, when, what, from where, and how it ended. Bodies are not
/// kept: they may hold residents' personal data, and the resource's own history (an incident's timeline, a
/// stockpile's ledger) records the content.
/// </summary>
public sealed record AuditEntry(
    DateTimeOffset At, string User, string Action, string Method, string Path, int Status, string? From, string? IdempotencyKey = null);

/// <summary>An entry with its number in the day's log (from 1).</summary>
public sealed record NumberedAuditEntry(long Number, AuditEntry Entry);

/// <summary>
/// The audit log of one day in Chongqing time (key: yyyy-MM-dd): append-only, kept in the grain's log storage, never
/// rewritten. Entries arriving while a write is under way are stored together in the next one.
/// </summary>
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Returns once the entry is durable.</summary>
    Task Record(AuditEntry entry);

    /// <summary>Entries numbered after <paramref name="after"/>, oldest first, optionally of one user only.</summary>
    Task<IReadOnlyList<NumberedAuditEntry>> Read(long after, int take, string? user);
}

public sealed class AuditDay : IJournaledState<AuditDay, AuditEntry>
{
    public AuditDay Apply(AuditEntry e) => this; // the log itself is the record; nothing to fold
}

[Reentrant]
public sealed class AuditLogGrain([Journal("audit")] IJournal<AuditDay, AuditEntry> log) : Grain, IAuditLogGrain
{
    public const int MaxTake = 1000;

    public static string KeyFor(DateTimeOffset at) =>
        at.ToOffset(ChongqingTime.Offset).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

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

    // One write at a time, each taking everything that arrived meanwhile: a busy day costs one storage write per batch.
    private async Task WriteWaiting()
    {
        _writing = true;
        while (_waiting.Count > 0)
        {
            var (entries, done) = (_waiting, _nextWrite!);
            (_waiting, _nextWrite) = ([], null);
            try
            {
                await log.AppendAsync(entries);
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
        if (after < 0) throw new ArgumentOutOfRangeException(nameof(after), "after is 0 or more.");
        if (take is < 1 or > MaxTake) throw new ArgumentOutOfRangeException(nameof(take), $"take is between 1 and {MaxTake}.");
        var found = new List<NumberedAuditEntry>();
        var next = after;
        while (found.Count < take && next < log.Length)
        {
            var page = await log.ReadAsync(next, 500);
            if (page.Count == 0) break;
            foreach (var entry in page)
            {
                next++;
                if (user is null || entry.User == user) found.Add(new NumberedAuditEntry(next, entry));
                if (found.Count == take) break;
            }
        }
        return found;
    }
}
