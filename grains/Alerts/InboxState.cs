using System.Collections.Immutable;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Alerts;

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
