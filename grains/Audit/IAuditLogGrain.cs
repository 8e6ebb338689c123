namespace ThreeSocial.Grains.Audit;

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
