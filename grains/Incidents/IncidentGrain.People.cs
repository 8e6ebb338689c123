using System.Collections.Immutable;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>The search for people: the district's board first, then its neighbours (mutual aid).</summary>
public sealed partial class IncidentGrain
{
    // ---- people ----

    public async Task<IncidentView> Dispatch()
    {
        await DispatchPeople();
        await IssueSupplies();
        await KeepWatch();
        return await View();
    }

    private async Task DispatchPeople()
    {
        var report = RequireReport();
        if (!State.IsOpen || State.Stage is IncidentStage.OnScene) return;
        var missing = Missing(report, followUps: false);
        if (missing.Length > 0) await FindPeople(report, missing, followUp: false, report.Deadlines.RespondBy);
    }

    private ImmutableArray<PeopleNeed> Missing(IncidentReport report, bool followUps, IReadOnlyDictionary<string, int>? keptBack = null) =>
        PeopleSearch.Missing(_playbooks.Get(report.Subtype), State.Active, followUps, keptBack);

    private DateTimeOffset _lastSearch;

    /// <summary>
    /// Asks the district's board; when that leaves a need unfilled or late, asks the neighbouring districts (mutual
    /// aid) for what is still missing and keeps whichever answer arrives sooner. Records every decision with its reasons.
    /// </summary>
    private async Task FindPeople(IncidentReport report, ImmutableArray<PeopleNeed> needs, bool followUp, DateTimeOffset respondBy, BoardAnswer? asked = null)
    {
        _lastSearch = Now;
        var kind = followUp ? TimelineKind.FollowUpDispatched : TimelineKind.Dispatched;
        var request = asked?.Request ?? RequestFor(report, needs, respondBy);
        var decision = await (asked?.Decision ?? AskBoard(report.Place.District, request));
        DispatchDecision assigned;
        if (asked is { Recorded: true }) assigned = await TellPicked(decision, Task.CompletedTask); // stored with the report, and announced
        else
        {
            // A retry that finds nobody again adds nothing: the escalation already says so.
            assigned = !decision.Picks.IsEmpty || !State.EscalatedFor.Contains(EscalationCause.NoResponder)
                ? await Assign(decision, followUp, PeopleSearch.Summary(decision)) : decision;
            if (!assigned.Picks.IsEmpty) await Announce(kind); // the people sent so far are news before mutual aid is asked
        }

        var keptBack = PeopleSearch.KeptBack(assigned);
        var stillMissing = Missing(report, followUp, keptBack);
        var late = assigned.Picks.Where(p => !p.MeetsDeadline).ToList();
        foreach (var neighbour in _catalog.NeighbourDistricts(report.Place.District))
        {
            var lead = PeopleSearch.HasLead(State.Active, respondBy);
            if (!PeopleSearch.NeedsNeighbour(stillMissing, lead, late.Count)) break;
            var aid = await AskBoard(neighbour, request with
            {
                Needs = PeopleSearch.ForNeighbour(stillMissing, late, lead),
                Exclude = State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal),
                MutualAid = true,
                HasLead = lead,
            });
            var helping = aid with { Picks = [.. aid.Picks.Where(p => p.MeetsDeadline)] };
            if (helping.Picks.IsEmpty) continue;
            var took = await Assign(helping, followUp, $"mutual aid from district {neighbour}: " + PeopleSearch.Summary(helping));
            // A late responder replaced by an earlier one from next door is released.
            foreach (var p in late.Where(l => took.Picks.Any(t => t.Need == l.Need)).ToList())
            {
                await ReleaseResponder(p.ResponderId, Phrase.Of("timeline.replaced", Phrase.Need(p.Need)));
                late.Remove(p);
            }
            stillMissing = Missing(report, followUp, keptBack);
        }
        if (PeopleSearch.Shortfall(stillMissing, [.. State.Active], respondBy) is var (cause, reason)) await Escalate(cause, reason);
        await Announce(kind);
    }

    private DispatchRequest RequestFor(IncidentReport report, ImmutableArray<PeopleNeed> needs, DateTimeOffset respondBy)
    {
        var place = report.Place;
        return new DispatchRequest(Id, place.Longitude, place.Latitude, place.Street, place.Community, _catalog.Find(place.Community)?.Urban ?? true,
            report.Severity, respondBy, needs, State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal), HasLead: PeopleSearch.HasLead(State.Active, respondBy));
    }

    private Task<DispatchDecision> AskBoard(string district, DispatchRequest request) =>
        GrainFactory.GetGrain<IDispatchGrain>(district).Dispatch(request);

    /// <summary>
    /// Records the decision and tells the people picked at the same time (one group commit, not two in a row). The
    /// board holds whom it picked, so a pick is almost always still free; one who is not any more is released again
    /// with that reason, and the next dispatch finds another. Answers with the picks that stand.
    /// </summary>
    private Task<DispatchDecision> Assign(DispatchDecision decision, bool followUp, string note) =>
        TellPicked(decision, Record([followUp
            ? new TimelineEntry.FollowUpDispatched(Now, "dispatch", note, decision)
            : new TimelineEntry.Dispatched(Now, "dispatch", note, decision)]));

    /// <summary>The people picked are told while the decision is being recorded; answers with the picks that stand.</summary>
    private async Task<DispatchDecision> TellPicked(DispatchDecision decision, Task recorded)
    {
        var taken = await Task.WhenAll(decision.Picks.Select(p => GrainFactory.GetGrain<IResponderGrain>(p.ResponderId).Assign(Id)));
        await recorded;
        var refused = decision.Picks.Where((_, i) => !taken[i]).ToList();
        if (refused.Count > 0)
            await Record([.. refused.Select(p => new TimelineEntry.Released(Now, "dispatch", "", p.ResponderId).Saying(Phrase.Of("timeline.no-longer-free")))]);
        return decision with { Picks = [.. decision.Picks.Where((_, i) => taken[i])] };
    }
}
