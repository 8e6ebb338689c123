using System.Collections.Immutable;
using ThreeSocial.Journal;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Alerts;

/// <summary>An alert as a street office's (or district's) inbox lists it.</summary>
[GenerateSerializer, Immutable, Alias("ts.InboxEntry")]
public sealed record InboxEntry(
    [Id(0)] string AlertId, [Id(1)] string Kind, [Id(2)] string Subject, [Id(3)] AlertStatus Status, [Id(4)] DateTimeOffset RaisedAt, [Id(5)] DateTimeOffset LastSent, [Id(6)] int Messages, [Id(7)] AlertDelivery Delivery)
{
    public static InboxEntry Of(AlertView a) => new(a.Id, a.Kind, a.Subject, a.Status, a.RaisedAt, a.Messages[^1].Sent, a.Messages.Length, a.Delivery);
}

/// <summary>The alerts of one jurisdiction (key: street or district code), newest first; the alerts themselves hold the detail.</summary>
[Alias("ts.IAlertInboxGrain")]
public interface IAlertInboxGrain : IGrainWithStringKey
{
    Task Track(InboxEntry entry);

    [ReadOnly] Task<ImmutableArray<InboxEntry>> List(AlertStatus? status, string? kind, int take);
}

/// <summary>
/// The inbox as folded from its log: each change of an entry is one small log record (a busy district's inbox is
/// written many times a second), and only the newest <see cref="MaxEntries"/> are kept, cleared ones going first.
/// </summary>
public sealed record InboxState : IJournaledState<InboxState, InboxEntry>
{
    public const int MaxEntries = 2_000;

    public ImmutableDictionary<string, InboxEntry> Entries { get; init; } = ImmutableDictionary<string, InboxEntry>.Empty;

    public InboxState Apply(InboxEntry e)
    {
        var entries = Entries.SetItem(e.AlertId, e);
        if (entries.Count <= MaxEntries) return this with { Entries = entries };
        var dropped = entries.Values.OrderBy(x => x.Status == AlertStatus.Open ? 1 : 0).ThenBy(x => x.LastSent).ThenBy(x => x.AlertId, StringComparer.Ordinal).First();
        return this with { Entries = entries.Remove(dropped.AlertId) };
    }
}

public sealed class AlertInboxGrain([Journal("inbox")] IJournal<InboxState, InboxEntry> inbox) : Grain, IAlertInboxGrain
{
    public async Task Track(InboxEntry entry)
    {
        if (inbox.State.Entries.TryGetValue(entry.AlertId, out var known) && known == entry) return;
        await inbox.AppendAsync([entry]);
    }

    public Task<ImmutableArray<InboxEntry>> List(AlertStatus? status, string? kind, int take) => Task.FromResult(inbox.State.Entries.Values
        .Where(e => (status is null || e.Status == status) && (kind is null || e.Kind == kind))
        .OrderByDescending(e => e.LastSent).ThenBy(e => e.AlertId, StringComparer.Ordinal)
        .Take(Math.Clamp(take, 1, 500)).ToImmutableArray());
}
