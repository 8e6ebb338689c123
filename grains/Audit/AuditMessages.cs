using System.Collections.Immutable;

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
