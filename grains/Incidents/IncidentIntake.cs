using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// Takes a report in: checks what the caller sent and fixes what is known from then on (the playbook's class and
/// response, the place found from the point, the deadlines). Everything refused is the caller's mistake (400).
/// </summary>
public static class IncidentIntake
{
    public static IncidentReport Take(string incidentId, ReportIncident report, Playbooks playbooks, RegionCatalog catalog, WorkingCalendar? calendar, DateTimeOffset now)
    {
        var playbook = playbooks.Get(report.Subtype);
        Require.Text(report.Reporter, nameof(report.Reporter), 64);
        Require.Text(report.Description, nameof(report.Description), 2000);
        if (report.Contact is { } contact)
        {
            Require.Text(contact.Name, "contact.name", 50);
            Require.Phone(contact.Phone, "contact.phone");
            Require.OptionalText(contact.Address, "contact.address", 200);
        }
        if (!Enum.IsDefined(report.Severity)) throw new InvalidRequestException(nameof(report.Severity), "invalid.one-of", "Severity", Phrase.List(Enum.GetNames<Severity>().Select(Phrase.Plain)));
        if (report.People is null || report.People.Count is < 0 or > 100_000) throw new InvalidRequestException(nameof(report.People), "invalid.people");
        var path = catalog.Locate(report.Longitude, report.Latitude)
            ?? throw new InvalidRequestException("Location", "invalid.outside-grids", report.Longitude, report.Latitude);
        if (IncidentIds.StreetOf(incidentId) != path.Street.Code)
            throw new InvalidRequestException("Location", "invalid.incident-street", incidentId, IncidentIds.StreetOf(incidentId), path.Street.Code);

        var place = new IncidentPlace(report.Longitude, report.Latitude, path.Grid.Code, path.Community.Code, path.Street.Code, path.District.Code);
        return new IncidentReport(playbook.Subtype, playbook.Class, playbook.Response, report.Severity, place, report.Description, report.People,
            report.Reporter, now, Deadlines.For(playbook.Response, now, calendar), RecentRequests.Fingerprint(report), report.Contact);
    }
}
