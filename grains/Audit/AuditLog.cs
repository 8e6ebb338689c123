using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Journal;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Audit;

/// <summary>
/// One change (or refused attempt) through the API: who, when, what, from where, and how it ended. Bodies are not
/// kept: they may hold residents' personal data, and the resource's own history (an incident's timeline, a
/// stockpile's ledger) records the content.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.AuditEntry")]
public sealed record AuditEntry(
    [Id(0)] DateTimeOffset At, [Id(1)] string User, [Id(2)] string Action, [Id(3)] string Method, [Id(4)] string Path, [Id(5)] int Status, [Id(6)] string? From, [Id(7)] string? IdempotencyKey = null);

/// <summary>
/// An entry with its number in the day's log: increasing, not contiguous (batch × 10,000 + place in the batch), so a
/// reader pages on with ?after= the last number it saw.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.NumberedAuditEntry")]
public sealed record NumberedAuditEntry([Id(0)] long Number, [Id(1)] AuditEntry Entry);

/// <summary>The entries stored together in one write: one log record, however many requests it holds.</summary>
public sealed record AuditBatch(ImmutableArray<AuditEntry> Entries);

/// <summary>
/// The audit log of one day in Chongqing time (key: yyyy-MM-dd): append-only, kept in the grain's log storage, never
/// rewritten. Entries arriving while a write is under way are stored together in the next one.
/// </summary>
[Alias("ts.IAuditLogGrain")]
public interface IAuditLogGrain : IGrainWithStringKey
{
    /// <summary>Returns once the entry is durable.</summary>
    Task Record(AuditEntry entry);

    /// <summary>Entries numbered after <paramref name="after"/> (0 for the first), oldest first, optionally of one user only.</summary>
    Task<IReadOnlyList<NumberedAuditEntry>> Read(long after, int take, string? user);
}

public sealed class AuditDay : IJournaledState<AuditDay, AuditBatch>
{
    public AuditDay Apply(AuditBatch e) => this; // the log itself is the record; nothing to fold
}

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
        if (after < 0) throw new InvalidRequestException("after is 0 or more.", nameof(after));
        if (take is < 1 or > MaxTake) throw new InvalidRequestException($"take is between 1 and {MaxTake}.", nameof(take));
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
