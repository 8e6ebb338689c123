using System.Collections.Immutable;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Alerts;

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
