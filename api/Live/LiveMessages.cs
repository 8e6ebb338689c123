using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Api.Live;

/// <summary>
/// What one flush sends to one group: the newest version of every region and incident that changed since the last
/// flush, and the escalations raised. Sequence runs 1, 2, 3… per group: a client that sees a gap missed a delta and
/// reads the snapshot again. FirstEventAt and LastEventAt (Unix ms) are when the oldest and newest coalesced events
/// were published, so a client can tell how late it is.
/// </summary>
public sealed record LiveDelta(
    string Group, long Sequence, IReadOnlyList<LiveRegion> Regions, IReadOnlyList<IncidentSummary> Incidents,
    IReadOnlyList<LiveAlert> Alerts, DailyOutcomes? Today, long FirstEventAt, long LastEventAt);

/// <summary>
/// An entry of the alert feed: a street office's (or district's) alert as it stands now. A group's watchers may read
/// either language, so the detail comes in both (Details by "zh-CN" and "en"); Detail is the zh-CN one.
/// </summary>
public sealed record LiveAlert(string AlertId, string Kind, string Subject, string Jurisdiction, string District, string Status, string Detail, DateTimeOffset At,
    IReadOnlyDictionary<string, string> Details)
{
    public static LiveAlert Of(ThreeSocial.Grains.Alerts.AlertView a) => Of(a, Texts.Languages.Both(a.Messages[^1]));

    private static LiveAlert Of(ThreeSocial.Grains.Alerts.AlertView a, IReadOnlyDictionary<string, string> details) =>
        new(a.Id, a.Kind, a.Subject, a.Street, a.District, a.Status.ToString(), details["zh-CN"], a.Messages[^1].Sent, details);
}

/// <summary>
/// A group's consistent starting point: the region, its children and its open incidents, each with its version. A
/// client joins the group first, then reads this, then applies the deltas it buffered whose versions are newer.
/// </summary>
public sealed record LiveSnapshot(
    string Group, LiveRegion Region, IReadOnlyList<LiveRegion> Children, IReadOnlyList<IncidentSummary> Incidents, DailyOutcomes Today);

/// <summary>What Join answers: the group's current sequence (the next delta is one more).</summary>
public sealed record LiveJoined(string Group, long Sequence);
