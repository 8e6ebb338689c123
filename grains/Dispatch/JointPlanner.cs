using System.Collections.Immutable;
using System.Globalization;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// Decides one round of a district's dispatch: every incident that asked since the last round, against every
/// available responder, together. Incidents go most severe first, then least slack (time to deadline minus the best
/// ETA anyone could make). Every incident first gets one person who arrives in time (its lead); only then are further
/// needs filled, and those leave a reserve of each skill free for scenes that have nobody yet. Each pick takes the
/// responder with the lowest cost, where the cost is the ETA plus a penalty for taking someone another incident of
/// this round cannot do without (the only ones who can reach it in time), so a rainstorm does not send the nearest
/// unit to the first call and leave the next one with nobody.
/// </summary>
public static class JointPlanner
{
    /// <summary>Minutes of ETA one would rather add than take away another incident's last feasible responder.</summary>
    public const double ScarcityPenaltyMinutes = 45;

    private const int ShownPerNeed = 5;

    private sealed record Slot(DispatchRequest Request, PeopleNeed Need, List<CandidateEta> Candidates)
    {
        public int Feasible => Candidates.Count(c => c.MeetsDeadline);

        /// <summary>People picked for this need in this round so far.</summary>
        public int Filled { get; set; }
    }

    public static IReadOnlyList<DispatchDecision> Plan(
        IReadOnlyList<DispatchRequest> requests, IEnumerable<ResponderAvailability> pool, EtaModel eta, string board, string district, DateTimeOffset now,
        DispatchStrategy strategy = DispatchStrategy.Joint, double reserve = 0) =>
        Plan(requests, new BoardPool(pool), eta, board, district, now, strategy, reserve);

    /// <param name="reserve">Share of the people on duty with a skill (or role) kept free for first responses: an
    /// incident that already has someone gets more people with it only while more than this share is free.</param>
    public static IReadOnlyList<DispatchDecision> Plan(
        IReadOnlyList<DispatchRequest> requests, BoardPool pool, EtaModel eta, string board, string district, DateTimeOffset now,
        DispatchStrategy strategy = DispatchStrategy.Joint, double reserve = 0)
    {
        var nearestFirst = strategy == DispatchStrategy.NearestFirst;
        var slots = requests.ToDictionary(r => r, r => r.Needs.Select(n => new Slot(r, n, Candidates(r, n, pool, eta, district, now))).ToList());

        // Who is critical to whom: a responder among the few who can reach a need in time.
        var criticalTo = new Dictionary<string, List<Slot>>();
        foreach (var slot in slots.Values.SelectMany(s => s).Where(s => s.Feasible <= s.Need.Count + 1))
            foreach (var c in slot.Candidates.Where(c => c.MeetsDeadline))
                (criticalTo.TryGetValue(c.ResponderId, out var list) ? list : criticalTo[c.ResponderId] = []).Add(slot);

        // The baseline takes calls as they came and sends each the nearest free unit. Ours takes first the incidents
        // that can still be reached in time, most severe and least slack first.
        var slack = requests.ToDictionary(r => r, r => Slack(r, slots[r], now));
        var ordered = nearestFirst
            ? [.. requests]
            : requests
                .OrderByDescending(r => slack[r] >= 0)
                .ThenByDescending(r => r.Severity)
                .ThenBy(r => slack[r])
                .ThenBy(r => r.IncidentId, StringComparer.Ordinal)
                .ToList();
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var decided = new HashSet<DispatchRequest>();
        var picks = ordered.ToDictionary(r => r, _ => new List<ResponderPick>());
        var unfilled = ordered.ToDictionary(r => r, _ => new List<UnfilledNeed>());
        var takenFor = new Dictionary<string, int>(StringComparer.Ordinal);

        void Take(DispatchRequest request, Slot slot, CandidateEta chosen, List<string> blocks)
        {
            taken.Add(chosen.ResponderId);
            slot.Filled++;
            takenFor[slot.Need.Label] = takenFor.GetValueOrDefault(slot.Need.Label) + 1;
            picks[request].Add(Pick(request, slot, chosen, blocks, taken, decided, criticalTo));
        }

        // The cheapest free candidate: lists are sorted by ETA and the cost is ETA plus penalties, so each list is read
        // only as far as an ETA that could still beat the best so far (in a storm a list holds a thousand volunteers).
        (CandidateEta? Candidate, List<string> Blocks) Best(DispatchRequest request, IEnumerable<Slot> among, bool inTimeOnly)
        {
            (CandidateEta? Candidate, double Cost, List<string> Blocks) best = (null, double.MaxValue, []);
            foreach (var slot in among.Where(s => s.Filled < s.Need.Count))
                foreach (var c in slot.Candidates)
                {
                    if (c.EtaMinutes > best.Cost) break;
                    if (taken.Contains(c.ResponderId) || (inTimeOnly && !c.MeetsDeadline)) continue;
                    var blocks = nearestFirst ? [] : Blocked(c.ResponderId, request, criticalTo, decided);
                    var cost = c.EtaMinutes + blocks.Count * ScarcityPenaltyMinutes;
                    if (cost < best.Cost || (cost == best.Cost && string.CompareOrdinal(c.ResponderId, best.Candidate!.ResponderId) < 0))
                        best = (c, cost, blocks);
                }
            return (best.Candidate, best.Blocks);
        }

        // A further need is left for later while too few people with it are free: they are kept for first responses.
        Phrase? KeptBack(DispatchRequest request, Slot slot)
        {
            if (nearestFirst || reserve <= 0 || !(request.HasLead || picks[request].Count > 0)) return null;
            var (free, onDuty) = pool.Supply(slot.Need.Label);
            var left = free - takenFor.GetValueOrDefault(slot.Need.Label);
            return onDuty > 0 && left - 1 < reserve * onDuty ? Phrase.Of("why.kept-back", Fact(left), Fact(onDuty), Phrase.Need(slot.Need.Label)) : null;
        }

        // Ours first gives every incident of the round one person who arrives in time (its lead), most urgent first,
        // and only then fills further needs: in a storm, someone at every scene comes before a full team at some.
        if (!nearestFirst)
            foreach (var request in ordered.Where(r => !r.HasLead))
            {
                var lead = Best(request, slots[request], inTimeOnly: true);
                if (lead.Candidate is { } first) Take(request, slots[request].First(s => s.Candidates.Contains(first)), first, lead.Blocks);
                decided.Add(request);
            }

        // Then every need in time; the baseline takes calls as they came and sends the nearest free, in time or not.
        foreach (var request in ordered)
        {
            foreach (var slot in slots[request])
                while (slot.Filled < slot.Need.Count && KeptBack(request, slot) is null)
                {
                    var choice = Best(request, [slot], inTimeOnly: !nearestFirst);
                    if (choice.Candidate is not { } chosen) break;
                    Take(request, slot, chosen, choice.Blocks);
                }
            decided.Add(request);
        }

        // Where nobody can arrive in time, the earliest of those left still goes (and the incident is escalated): first
        // a lead where there is none, then the further needs not kept back.
        foreach (var request in ordered)
        {
            if (!request.HasLead && picks[request].Count == 0 && Best(request, slots[request], inTimeOnly: false) is { Candidate: { } earliest })
                Take(request, slots[request].First(s => s.Candidates.Contains(earliest)), earliest, []);
            foreach (var slot in slots[request])
            {
                if (slot.Filled >= slot.Need.Count) continue;
                if (KeptBack(request, slot) is { } kept)
                {
                    unfilled[request].Add(Unfilled(slot, kept, deferred: true));
                    continue;
                }
                while (slot.Filled < slot.Need.Count && slot.Candidates.FirstOrDefault(c => !taken.Contains(c.ResponderId)) is { } next)
                    Take(request, slot, next, []);
                if (slot.Filled < slot.Need.Count)
                    unfilled[request].Add(Unfilled(slot, Phrase.Of(slot.Candidates.Count == 0 ? "why.nobody-has" : "why.all-taken"), deferred: false));
            }
        }

        var decisions = ordered.Select((request, rank) => (request, decision: new DispatchDecision(request.IncidentId, board, now,
                [.. picks[request]], [.. unfilled[request]],
                slots[request].GroupBy(s => s.Need.Label).ToImmutableDictionary(g => g.Key, g => g.SelectMany(s => s.Candidates).Take(ShownPerNeed).ToImmutableArray()),
                pool.Count, requests.Count - 1, rank + 1)))
            .ToDictionary(x => x.request, x => x.decision);
        return [.. requests.Select(r => decisions[r])];
    }

    private static List<CandidateEta> Candidates(DispatchRequest request, PeopleNeed need, BoardPool pool, EtaModel eta, string district, DateTimeOffset now)
    {
        var detour = eta.DetourFactor(district, request.Urban);
        var minutesLeft = (request.RespondBy - now).TotalMinutes;
        return pool.Holders(need)
            .Where(a => !request.Exclude.Contains(a.Id))
            .Select(a =>
            {
                var (minutes, km) = eta.Estimate(a.Whereabouts, a.Mode, request.Longitude, request.Latitude, detour, now);
                return new CandidateEta(a.Id, Math.Round(minutes, 1), Math.Round(km, 2), minutes <= minutesLeft);
            })
            .OrderBy(c => c.EtaMinutes).ThenBy(c => c.ResponderId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Time to spare if the best candidate of the first need went: negative means the deadline cannot be met.</summary>
    private static double Slack(DispatchRequest request, List<Slot> slots, DateTimeOffset now)
    {
        var best = slots.SelectMany(s => s.Candidates).Select(c => c.EtaMinutes).DefaultIfEmpty(double.MaxValue / 4).Min();
        return (request.RespondBy - now).TotalMinutes - best;
    }

    /// <summary>Incidents of this round, not yet decided, for which this responder is one of the last who can arrive in time.</summary>
    private static List<string> Blocked(string responderId, DispatchRequest self, Dictionary<string, List<Slot>> criticalTo, HashSet<DispatchRequest> decided) =>
        criticalTo.TryGetValue(responderId, out var slots)
            ? [.. slots.Where(s => s.Request != self && !decided.Contains(s.Request)).Select(s => s.Request.IncidentId).Distinct()]
            : [];

    private static ResponderPick Pick(DispatchRequest request, Slot slot, CandidateEta chosen, List<string> blocks, HashSet<string> taken,
        HashSet<DispatchRequest> decided, Dictionary<string, List<Slot>> criticalTo)
    {
        var nearest = slot.Candidates.First();
        var mutualAid = request.MutualAid || ResponderIds.RegionOf(chosen.ResponderId).Street.ToString() != request.Street;
        var eta = Fact(chosen.EtaMinutes);
        var why = !chosen.MeetsDeadline ? Phrase.Of("why.late", eta)
            : nearest.ResponderId == chosen.ResponderId ? Phrase.Of("why.nearest", Phrase.Need(slot.Need.Label), eta, chosen.DistanceKm.ToString("0.0", CultureInfo.InvariantCulture))
            : taken.Contains(nearest.ResponderId) && Blocked(nearest.ResponderId, request, criticalTo, decided).Count == 0 ? Phrase.Of("why.nearer-taken", eta, nearest.ResponderId)
            : Phrase.Of("why.nearer-kept", eta, nearest.ResponderId, Fact(nearest.EtaMinutes), string.Join(", ", Blocked(nearest.ResponderId, request, criticalTo, decided).Take(3)));
        ImmutableArray<Phrase> reasons = blocks.Count > 0 && chosen.MeetsDeadline ? [why, Phrase.Of("why.leaves-fewer", string.Join(", ", blocks.Take(3)))] : [why];
        return new ResponderPick(chosen.ResponderId, slot.Need.Label, chosen.EtaMinutes, chosen.DistanceKm, chosen.MeetsDeadline, mutualAid,
            DispatchTexts.Why(reasons, Texts.Texts.English), reasons);
    }

    private static UnfilledNeed Unfilled(Slot slot, Phrase reason, bool deferred) =>
        new(slot.Need.Label, slot.Need.Count - slot.Filled, DispatchTexts.Why([reason], Texts.Texts.English), deferred, reason);

    /// <summary>Minutes as the reasons state them: whole, whatever the machine's culture.</summary>
    private static string Fact(double value) => value.ToString("0", CultureInfo.InvariantCulture);
}
