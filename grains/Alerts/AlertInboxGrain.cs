using System.Collections.Immutable;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Alerts;

/// <summary>An alert as a street office's (or district's) inbox lists it.</summary>
public sealed record InboxEntry(
    string AlertId, string Kind, string Subject, AlertStatus Status, DateTimeOffset RaisedAt, DateTimeOffset LastSent, int Messages, AlertDelivery Delivery)
{
    public static InboxEntry Of(AlertView a) => new(a.Id, a.Kind, a.Subject, a.Status, a.RaisedAt, a.Messages[^1].Sent, a.Messages.Length, a.Delivery);
}

/// <summary>The alerts of one jurisdiction (key: street or district code), newest first; the alerts themselves hold the detail.</summary>
public interface IAlertInboxGrain : IGrainWithStringKey
{
    Task Track(InboxEntry entry);

    [ReadOnly] Task<ImmutableArray<InboxEntry>> List(AlertStatus? status, string? kind, int take);
}

public sealed record InboxState
{
    public ImmutableDictionary<string, InboxEntry> Entries { get; init; } = ImmutableDictionary<string, InboxEntry>.Empty;
}

public sealed class AlertInboxGrain([PersistentState("inbox")] IPersistentState<InboxState> inbox) : Grain, IAlertInboxGrain
{
    public async Task Track(InboxEntry entry)
    {
        var before = inbox.State;
        if (before.Entries.TryGetValue(entry.AlertId, out var known) && known == entry) return;
        await inbox.ReplaceStateAsync(new InboxState { Entries = before.Entries.SetItem(entry.AlertId, entry) });
    }

    public Task<ImmutableArray<InboxEntry>> List(AlertStatus? status, string? kind, int take) => Task.FromResult(inbox.State.Entries.Values
        .Where(e => (status is null || e.Status == status) && (kind is null || e.Kind == kind))
        .OrderByDescending(e => e.LastSent).ThenBy(e => e.AlertId, StringComparer.Ordinal)
        .Take(Math.Clamp(take, 1, 500)).ToImmutableArray());
}
