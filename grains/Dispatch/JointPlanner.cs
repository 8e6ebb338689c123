using System.Collections.Immutable;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// Decides one round of a district's dispatch: every incident that asked since the last round, against every
/// available responder, together. Incidents go most severe first, then least slack (time to deadline minus the best
/// ETA anyone could make). Each need takes the responder with the lowest cost, where the cost is the ETA plus a
/// penalty for taking someone another incident of this round cannot do without (the only ones who can reach it in time),
/// so a rainstorm does not send the nearest unit to the first call and leave the next one with nobody.
/// </summary>
public static class JointPlanner
{
    /// <summary>Minutes of ETA one would rather add than take away another incident's last feasible responder.</summary>
    public const double ScarcityPenaltyMinutes = 45;

    private const int ShownPerNeed = 5;

    private sealed record Slot(DispatchRequest Request, PeopleNeed Need, List<CandidateEta> Candidates)
    {
        public int Feasible => Candidates.Count(c => c.MeetsDeadline);
    }

    public static IReadOnlyList<DispatchDecision> Plan(
        IReadOnlyList<DispatchRequest> requests, IEnumerable<ResponderAvailability> pool, EtaModel eta, string board, string district, DateTimeOffset now,
        DispatchStrategy strategy = DispatchStrategy.Joint)
    {
        var nearestFirst = strategy == DispatchStrategy.NearestFirst;
        var available = pool.Where(a => a.Duty == DutyState.Available).ToList();
        var slots = requests.ToDictionary(r => r, r => r.Needs.Select(n => new Slot(r, n, Candidates(r, n, available, eta, district, now))).ToList());

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
        var late = new List<(DispatchRequest Request, Slot Slot, int Missing)>();

        // First pass: only picks that meet the deadline, so nobody is spent arriving late where another incident of the
        // round could have been reached in time.
        foreach (var request in ordered)
        {
            foreach (var slot in slots[request])
            {
                for (var i = 0; i < slot.Need.Count; i++)
                {
                    var choice = slot.Candidates
                        .Where(c => !taken.Contains(c.ResponderId) && (nearestFirst || c.MeetsDeadline))
                        .Select(c => (Candidate: c, Blocks: nearestFirst ? [] : Blocked(c.ResponderId, request, criticalTo, decided)))
                        .OrderBy(x => x.Candidate.EtaMinutes + x.Blocks.Count * ScarcityPenaltyMinutes)
                        .ThenBy(x => x.Candidate.ResponderId, StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (choice.Candidate is null)
                    {
                        late.Add((request, slot, slot.Need.Count - i));
                        break;
                    }
                    taken.Add(choice.Candidate.ResponderId);
                    picks[request].Add(Pick(request, slot, choice.Candidate, choice.Blocks, taken, decided, criticalTo));
                }
            }
            decided.Add(request);
        }

        // Second pass: where nobody can arrive in time, the earliest of those left still goes (and the incident is escalated).
        foreach (var (request, slot, missing) in late)
        {
            for (var i = 0; i < missing; i++)
            {
                var earliest = slot.Candidates.FirstOrDefault(c => !taken.Contains(c.ResponderId));
                if (earliest is null)
                {
                    unfilled[request].Add(new UnfilledNeed(slot.Need.Label, missing - i,
                        slot.Candidates.Count == 0 ? "nobody available on this board has it" : "everyone who has it is already taken"));
                    break;
                }
                taken.Add(earliest.ResponderId);
                picks[request].Add(Pick(request, slot, earliest, [], taken, decided, criticalTo));
            }
        }

        var decisions = ordered.Select((request, rank) => (request, decision: new DispatchDecision(request.IncidentId, board, now,
                [.. picks[request]], [.. unfilled[request]],
                slots[request].GroupBy(s => s.Need.Label).ToImmutableDictionary(g => g.Key, g => g.SelectMany(s => s.Candidates).Take(ShownPerNeed).ToImmutableArray()),
                available.Count, requests.Count - 1, rank + 1)))
            .ToDictionary(x => x.request, x => x.decision);
        return [.. requests.Select(r => decisions[r])];
    }

    private static List<CandidateEta> Candidates(DispatchRequest request, PeopleNeed need, List<ResponderAvailability> available, EtaModel eta, string district, DateTimeOffset now)
    {
        var detour = eta.DetourFactor(district, request.Urban);
        var minutesLeft = (request.RespondBy - now).TotalMinutes;
        return available
            .Where(a => !request.Exclude.Contains(a.Id) && (need.Skill is { } skill ? a.Skills.Contains(skill) : a.Role == need.Role))
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
        var mutualAid = request.MutualAid || !ResponderStreet(chosen.ResponderId).Equals(request.Street, StringComparison.Ordinal);
        string why;
        if (!chosen.MeetsDeadline)
            why = $"nobody free can arrive before the deadline; the earliest arrival ({chosen.EtaMinutes:0} min) goes and the incident is escalated";
        else if (nearest.ResponderId == chosen.ResponderId)
            why = $"nearest with '{slot.Need.Label}' ({chosen.EtaMinutes:0} min, {chosen.DistanceKm:0.0} km)";
        else if (taken.Contains(nearest.ResponderId) && !Blocked(nearest.ResponderId, request, criticalTo, decided).Any())
            why = $"{chosen.EtaMinutes:0} min; nearer {nearest.ResponderId} was already assigned this round";
        else
            why = $"{chosen.EtaMinutes:0} min; nearer {nearest.ResponderId} ({nearest.EtaMinutes:0} min) is kept for " +
                  $"{string.Join(", ", Blocked(nearest.ResponderId, request, criticalTo, decided).Take(3))}, which has few others who can arrive in time";
        if (blocks.Count > 0 && chosen.MeetsDeadline) why += $"; taking them leaves fewer for {string.Join(", ", blocks.Take(3))}";
        return new ResponderPick(chosen.ResponderId, slot.Need.Label, chosen.EtaMinutes, chosen.DistanceKm, chosen.MeetsDeadline, mutualAid, why);
    }

    /// <summary>Responder ids begin with their home community or grid code; the first 9 digits are the street.</summary>
    private static string ResponderStreet(string responderId) => responderId.Length >= 9 ? responderId[..9] : responderId;
}
