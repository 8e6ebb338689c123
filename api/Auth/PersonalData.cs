using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>Masks residents' personal data in what the API returns, unless the caller's role needs it.</summary>
public static class PersonalData
{
    public static IncidentView Shown(IncidentView view, Caller caller) =>
        caller.Can(Permission.ViewPersonalData) || view.Report.Contact is null ? view : view with
        {
            Report = Masked(view.Report),
            Timeline = [.. view.Timeline.Select(e => e is TimelineEntry.Reported r ? r with { Report = Masked(r.Report) } : e)],
        };

    public static Contact Masked(Contact contact) =>
        new(PersonalDataMask.Name(contact.Name), PersonalDataMask.Phone(contact.Phone), PersonalDataMask.Address(contact.Address));

    private static IncidentReport Masked(IncidentReport report) => report.Contact is null ? report : report with { Contact = Masked(report.Contact) };
}
