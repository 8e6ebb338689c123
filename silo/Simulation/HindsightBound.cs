using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Silo.Simulation;

public sealed record Bound(int Emergencies, int Reachable, double Share, string Assumptions);

/// <summary>
/// What was possible at best, known with hindsight: an emergency counts if any on-duty responder with one of the
/// skills or roles it needs, from its own or a neighbouring district, could have been on scene before the deadline,
/// starting from where they began the day, travelling at the fastest the simulation ever lets anyone travel, and
/// free for this incident alone. Contention is ignored, so no router can do better on the same incidents: it is an
/// upper bound (for responders who start near their homes, as the simulation's do), not an achievable plan.
/// </summary>
public static class HindsightBound
{
    /// <summary>The simulation's quickest answer and travel: accepted in 1 minute, at 0.8 × the ETA.</summary>
    private const double QuickestAcceptMinutes = 1, FastestTravelFactor = 0.8;

    public static Bound Compute(IReadOnlyList<IncidentView> incidents, IReadOnlyList<ResponderSeed> onDuty, RegionCatalog catalog, EtaModel eta)
    {
        var byDistrict = onDuty.GroupBy(r => r.HomeCommunity[..6]).ToDictionary(g => g.Key, g => g.ToList());
        var emergencies = incidents.Where(v => v.Report.Response == ResponseKind.Emergency).ToList();
        var reachable = 0;
        foreach (var incident in emergencies)
        {
            var report = incident.Report;
            var place = report.Place;
            var needs = Playbooks.Get(report.Subtype).People.Where(n => !n.IsFollowUp).ToList();
            var today = DateOnly.FromDateTime(report.ReportedAt.DateTime);
            var minutes = (report.Deadlines.OnSceneBy!.Value - report.ReportedAt).TotalMinutes;
            var detour = eta.DetourFactor(place.District, catalog.Find(place.Community)?.Urban ?? true);
            var districts = catalog.NeighbourDistricts(place.District).Prepend(place.District);
            var candidates = districts.SelectMany(d => byDistrict.GetValueOrDefault(d) ?? []);
            if (candidates.Any(r => needs.Any(n => n.Skill is { } skill ? r.QualifiedSkills(today).Contains(skill) : r.Role == n.Role)
                                    && QuickestArrival(r, place, detour, eta, report.ReportedAt) <= minutes))
                reachable++;
        }
        return new Bound(emergencies.Count, reachable, emergencies.Count == 0 ? 0 : Math.Round((double)reachable / emergencies.Count, 4),
            "any qualified on-duty responder of the incident's or a neighbouring district, free, from their starting point, " +
            $"accepting in {QuickestAcceptMinutes:0} min and travelling at {FastestTravelFactor} × ETA; contention ignored");
    }

    private static double QuickestArrival(ResponderSeed r, IncidentPlace place, double detour, EtaModel eta, DateTimeOffset at)
    {
        var (minutes, _) = eta.Estimate(new Whereabouts(r.Home.X, r.Home.Y, at), r.Mode, place.Longitude, place.Latitude, detour, at);
        return QuickestAcceptMinutes + minutes * FastestTravelFactor;
    }
}
