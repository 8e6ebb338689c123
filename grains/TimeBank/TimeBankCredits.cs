using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>
/// What an incident owes its volunteers, read from its timeline alone: every time on scene that has ended (released,
/// resolved, closed or cancelled) is one credit, from on scene to that end, capped by the playbook's expected duration.
/// The timeline is durable, so the incident can work this out again after any failure and send it again; the ledger
/// keeps each credit once by its id.
/// </summary>
public static class TimeBankCredits
{
    /// <summary>The incident's reminder that retries crediting: set before an assignment on scene ends, forgotten once the ledgers have it.</summary>
    public const string Reminder = "time-bank";

    public sealed record Owed(string ResponderId, HoursCredit Credit);

    /// <summary>True when ending these assignments would owe a volunteer hours (so the retry is set first).</summary>
    public static bool WouldOwe(IncidentState state, IEnumerable<string> ending, RegionCatalog catalog) =>
        ending.Any(id => state.Assignments.TryGetValue(id, out var a) && a.Status == AssignmentStatus.OnScene && IsVolunteer(id, catalog));

    public static ImmutableArray<Owed> From(string incidentId, IEnumerable<TimelineEntry> timeline, Playbooks playbooks, RegionCatalog catalog)
    {
        var owed = ImmutableArray.CreateBuilder<Owed>();
        var onScene = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var stints = new Dictionary<string, int>(StringComparer.Ordinal);
        Playbook? playbook = null;
        void End(string responderId, DateTimeOffset at)
        {
            if (!onScene.Remove(responderId, out var since) || playbook is null || !IsVolunteer(responderId, catalog)) return;
            var stint = stints[responderId] = stints.GetValueOrDefault(responderId) + 1;
            owed.Add(new Owed(responderId, new HoursCredit($"C-{incidentId}#{stint}", incidentId, playbook.Subtype, since, at, CapMinutes(playbook))));
        }
        foreach (var entry in timeline)
        {
            switch (entry)
            {
                case TimelineEntry.Reported r:
                    playbook = playbooks.Get(r.Report.Subtype);
                    break;
                case TimelineEntry.OnScene s:
                    onScene.TryAdd(s.ResponderId, s.At);
                    break;
                case TimelineEntry.Released r:
                    End(r.ResponderId, r.At);
                    break;
                case TimelineEntry.Resolved or TimelineEntry.Closed or TimelineEntry.Cancelled:
                    foreach (var id in onScene.Keys.Order(StringComparer.Ordinal).ToList()) End(id, entry.At);
                    break;
            }
        }
        return owed.ToImmutable();
    }

    public static int CapMinutes(Playbook playbook) => (int)Math.Round(playbook.ExpectedHours * 60);

    /// <summary>Only volunteers bank hours: grid workers, social workers and property staff are paid for theirs.</summary>
    public static bool IsVolunteer(string responderId, RegionCatalog catalog) => catalog.Responder(responderId)?.Role == ResponderRole.Volunteer;
}
