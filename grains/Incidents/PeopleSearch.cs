using System.Collections.Immutable;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// The rules of the search for people, without a silo: what is still missing, whether someone already sent will be in
/// time, what to ask a neighbouring district for (mutual aid), and what to escalate when the search falls short.
/// </summary>
public static class PeopleSearch
{
    /// <summary>The playbook's people needs (first response or follow-up) not covered by an active assignment, less those
    /// the board kept back for later.</summary>
    public static ImmutableArray<PeopleNeed> Missing(Playbook playbook, IEnumerable<Assignment> active, bool followUps,
        IReadOnlyDictionary<string, int>? keptBack = null)
    {
        var covered = active.GroupBy(a => a.Need).ToDictionary(g => g.Key, g => g.Count());
        return [.. playbook.People
            .Where(n => n.IsFollowUp == followUps)
            .Select(n => n with { Count = n.Count - covered.GetValueOrDefault(n.Label) - (keptBack?.GetValueOrDefault(n.Label) ?? 0) })
            .Where(n => n.Count > 0)];
    }

    /// <summary>Someone already assigned is expected on scene by the deadline.</summary>
    public static bool HasLead(IEnumerable<Assignment> active, DateTimeOffset respondBy) =>
        active.Any(a => a.DispatchedAt.AddMinutes(a.EtaMinutes) <= respondBy);

    /// <summary>Needs the board kept back for scenes with nobody yet: asked again later, here and not next door.</summary>
    public static IReadOnlyDictionary<string, int> KeptBack(DispatchDecision decision) =>
        decision.Unfilled.Where(u => u.Deferred).ToDictionary(u => u.Need, u => u.Missing);

    /// <summary>Whether a neighbour need be asked: for what nobody here has, or for someone in time when nobody here is.</summary>
    public static bool NeedsNeighbour(ImmutableArray<PeopleNeed> stillMissing, bool hasLead, int latePicks) =>
        !stillMissing.IsEmpty || (!hasLead && latePicks > 0);

    /// <summary>What a neighbouring district is asked for: what is still missing, and, with nobody in time, someone in
    /// time for each late pick's need.</summary>
    public static ImmutableArray<PeopleNeed> ForNeighbour(ImmutableArray<PeopleNeed> stillMissing, IEnumerable<ResponderPick> late, bool hasLead) =>
        [.. stillMissing, .. hasLead ? [] : late.Select(p => NeedFor(p.Need))];

    /// <summary>A need as the label of a pick names it: a role's name, or else a skill.</summary>
    public static PeopleNeed NeedFor(string label) =>
        Enum.TryParse<ResponderRole>(label, out var role) ? new PeopleNeed(null, role, 1) : new PeopleNeed(label, null, 1);

    /// <summary>What the search, done, leaves to escalate: nobody for a need, or nobody in time; or nothing.</summary>
    public static (EscalationCause Cause, Phrase Reason)? Shortfall(ImmutableArray<PeopleNeed> stillMissing, IReadOnlyCollection<Assignment> active, DateTimeOffset respondBy)
    {
        if (!stillMissing.IsEmpty)
            return (EscalationCause.NoResponder, Phrase.Of("timeline.no-responder", Phrase.List(stillMissing.Select(n => Phrase.Of("timeline.need-count", n.Count, Phrase.Need(n.Label))))));
        if (!HasLead(active, respondBy) && active.Count > 0)
            return (EscalationCause.Late, Phrase.Of("timeline.late",
                respondBy.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), active.Min(a => a.EtaMinutes).ToString("0", System.Globalization.CultureInfo.InvariantCulture)));
        return null;
    }

    /// <summary>A decision in one line of the timeline: who goes for what and when they arrive; what is unfilled.</summary>
    public static string Summary(DispatchDecision d) =>
        (d.Picks.IsEmpty ? "nobody assigned" : string.Join("; ", d.Picks.Select(p => $"{p.ResponderId} for '{p.Need}', ETA {p.EtaMinutes:0} min")))
        + (d.Unfilled.IsEmpty ? "" : "; unfilled: " + string.Join(", ", d.Unfilled.Select(u => $"{u.Missing} × {u.Need}")));
}
