using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Silo.Simulation;

/// <summary>
/// The same emergencies assigned with hindsight: every report, every person's answer (who never reads the message,
/// how fast each accepts, travels and finishes a scene) known before the storm begins, and solved offline.
/// <see cref="OnSceneWithin2h"/> is what that plan achieves; <see cref="ReachableAlone"/> counts the emergencies
/// that at least one person could have reached in time had nobody else needed anyone (a bound no plan can pass,
/// but a loose one, since it ignores that people are shared).
/// </summary>
public sealed record Hindsight(int Emergencies, int OnSceneWithin2h, double Share, int ReachableAlone, double ReachableAloneShare, string Method);

/// <summary>
/// Plans in quarter-hour windows of report time. Within a window, a maximum matching (augmenting paths, the most
/// constrained emergency first, candidates by arrival) sends one qualified person to as many emergencies as can be
/// reached in time; matched people are then busy at that scene, and the window is matched again so people chain from
/// one scene to the next. An emergency nobody can reach in time gets nobody: hindsight does not spend people where
/// it cannot help. People come from the emergency's district and its neighbours, as mutual aid does.
/// </summary>
public static class HindsightPlan
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    private const int CandidatesKept = 40;

    private sealed class Person(ResponderSeed seed, DateOnly day)
    {
        public ResponderSeed Seed { get; } = seed;
        public HashSet<string> Skills { get; } = [.. seed.QualifiedSkills(day)];
        public double Longitude { get; set; } = seed.Home.X;
        public double Latitude { get; set; } = seed.Home.Y;
        public DateTimeOffset FreeAt { get; set; } = DateTimeOffset.MinValue;

        public bool Fits(IReadOnlyList<PeopleNeed> needs) => needs.Any(n => n.Skill is { } skill ? Skills.Contains(skill) : Seed.Role == n.Role);
    }

    private sealed record Call(IncidentView View, IReadOnlyList<PeopleNeed> Needs, double Detour, IReadOnlyList<string> Districts)
    {
        public DateTimeOffset ReportedAt => View.Report.ReportedAt;
        public DateTimeOffset Deadline => View.Report.Deadlines.OnSceneBy!.Value;
        public IncidentPlace Place => View.Report.Place;
    }

    private sealed record Candidate(Person Person, DateTimeOffset Arrival, SimulatedAnswer Answer);

    /// <param name="answers">How each person answers each emergency (the run's <see cref="SimulatedAnswer.For"/>); never
    /// quicker than <see cref="SimulatedAnswer.Quickest"/>, which rules out far pairs before an answer is drawn.</param>
    public static Hindsight Compute(IReadOnlyList<IncidentView> incidents, IReadOnlyList<ResponderSeed> onDuty, RegionCatalog catalog, Playbooks playbooks, EtaModel eta,
        Func<string, string, SimulatedAnswer> answers)
    {
        var calls = incidents.Where(v => v.Report.Response == ResponseKind.Emergency)
            .Select(v => new Call(v, [.. playbooks.Get(v.Report.Subtype).People.Where(n => !n.IsFollowUp)],
                eta.DetourFactor(v.Report.Place.District, catalog.Find(v.Report.Place.Community)?.Urban ?? true),
                [v.Report.Place.District, .. catalog.NeighbourDistricts(v.Report.Place.District)]))
            .OrderBy(c => c.ReportedAt).ThenBy(c => c.View.Id, StringComparer.Ordinal)
            .ToList();
        if (calls.Count == 0) return new Hindsight(0, 0, 0, 0, 0, "no emergencies");
        var day = DateOnly.FromDateTime(calls[0].ReportedAt.DateTime);
        var byDistrict = onDuty.GroupBy(r => RegionCode.Parse(r.HomeCommunity).District.ToString()).ToDictionary(g => g.Key, g => g.Select(r => new Person(r, day)).ToList());

        List<Candidate> CandidatesOf(Call call) =>
        [
            .. call.Districts.SelectMany(d => byDistrict.GetValueOrDefault(d) ?? []).Where(p => p.Fits(call.Needs))
                .Select(p => Arrive(p, call, eta, answers)).OfType<Candidate>()
                .OrderBy(c => c.Arrival).Take(CandidatesKept),
        ];

        var reachableAlone = calls.Count(call => CandidatesOf(call).Count > 0); // before anyone is busy: each alone

        var covered = new HashSet<Call>();
        for (var windowEnd = calls[0].ReportedAt + Window; covered.Count < calls.Count && windowEnd - Window <= calls[^1].Deadline; windowEnd += Window)
        {
            var end = windowEnd;
            while (true)
            {
                var open = calls.Where(c => !covered.Contains(c) && c.ReportedAt < end && c.Deadline >= end - Window).ToList();
                var matched = Match(open.Select(c => (Call: c, Candidates: CandidatesOf(c))).Where(x => x.Candidates.Count > 0).ToList());
                if (matched.Count == 0) break;
                foreach (var (call, chosen) in matched)
                {
                    covered.Add(call);
                    chosen.Person.FreeAt = chosen.Arrival + chosen.Answer.Handling;
                    (chosen.Person.Longitude, chosen.Person.Latitude) = (call.Place.Longitude, call.Place.Latitude);
                }
            }
        }
        return new Hindsight(calls.Count, covered.Count, Share(covered.Count, calls.Count), reachableAlone, Share(reachableAlone, calls.Count),
            "offline, all reports and every person's answer known in advance: one qualified person per emergency from its or a neighbouring " +
            $"district, matched to as many as can be reached in time in {Window.TotalMinutes:0}-minute windows of report time, people chaining between scenes");
    }

    /// <summary>Where this person would be on scene if sent as soon as both they and the report exist; null if never, or too late.</summary>
    private static Candidate? Arrive(Person person, Call call, EtaModel eta, Func<string, string, SimulatedAnswer> answers)
    {
        var leave = call.ReportedAt > person.FreeAt ? call.ReportedAt : person.FreeAt;
        var place = call.Place;
        // The quickest this could be (the fastest answer the simulation draws) rules most pairs out before drawing.
        if (leave + SimulatedAnswer.Quickest.AcceptAfter + SimulatedAnswer.Quickest.Travel(eta, person.Seed.Mode, person.Longitude, person.Latitude, place.Longitude, place.Latitude, call.Detour) > call.Deadline)
            return null;
        var answer = answers(call.View.Id, person.Seed.Id);
        if (answer.IgnoresPhone) return null;
        var arrival = leave + answer.AcceptAfter + answer.Travel(eta, person.Seed.Mode, person.Longitude, person.Latitude, place.Longitude, place.Latitude, call.Detour);
        return arrival <= call.Deadline ? new Candidate(person, arrival, answer) : null;
    }

    /// <summary>Maximum bipartite matching by augmenting paths (Kuhn), the emergency with fewest candidates first.</summary>
    private static List<(Call Call, Candidate Chosen)> Match(List<(Call Call, List<Candidate> Candidates)> open)
    {
        var holder = new Dictionary<Person, int>();
        var chosen = new Candidate?[open.Count];
        var order = Enumerable.Range(0, open.Count).OrderBy(i => open[i].Candidates.Count).ThenBy(i => open[i].Call.Deadline).ToList();
        foreach (var i in order) Augment(i, []);
        return [.. order.Where(i => chosen[i] is not null).Select(i => (open[i].Call, chosen[i]!))];

        bool Augment(int call, HashSet<Person> visited)
        {
            foreach (var candidate in open[call].Candidates)
            {
                if (!visited.Add(candidate.Person)) continue;
                if (holder.TryGetValue(candidate.Person, out var other) && !Augment(other, visited)) continue;
                holder[candidate.Person] = call;
                chosen[call] = candidate;
                return true;
            }
            return false;
        }
    }

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);
}
