using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Api.Auth;

/// <summary>Masks residents' personal data in what the API returns, unless the caller's role needs it.</summary>
public static class PersonalData
{
    /// <summary>An endpoint filter: the incident an endpoint answers with is shown as the caller may see it.</summary>
    public static async ValueTask<object?> MaskIncidents(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Shown(await next(context), Caller.Of(context.HttpContext));

    private static Contact Masked(Contact contact) =>
        new(PersonalDataMask.Name(contact.Name), PersonalDataMask.Phone(contact.Phone), PersonalDataMask.Address(contact.Address));

    private static object? Shown(object? result, Caller? caller) => result switch
    {
        INestedHttpResult nested => Shown(nested.Result, caller),
        Ok<IncidentView> { Value: { } view } => TypedResults.Ok(Shown(view, caller)),
        Created<IncidentView> { Value: { } view } created => TypedResults.Created(created.Location, Shown(view, caller)),
        // Fails loudly rather than let a new shape of answer carry contacts past the mask.
        IValueHttpResult { Value: IncidentView } or IncidentView => throw new InvalidOperationException(
            $"{result.GetType().Name} carries an incident the personal-data mask does not know how to show."),
        _ => result,
    };

    private static IncidentView Shown(IncidentView view, Caller? caller) => Texts.Languages.Localised(Masked(view, caller));

    private static IncidentView Masked(IncidentView view, Caller? caller) =>
        caller?.Can(Permission.ViewPersonalData) == true || view.Report.Contact is null ? view : view with
        {
            Report = Masked(view.Report),
            Timeline = [.. view.Timeline.Select(e => e is TimelineEntry.Reported r ? r with { Report = Masked(r.Report) } : e)],
        };

    private static IncidentReport Masked(IncidentReport report) => report.Contact is null ? report : report with { Contact = Masked(report.Contact) };
}
