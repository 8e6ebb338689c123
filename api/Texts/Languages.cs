using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Localization;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Api.Texts;

/// <summary>
/// The caller's language: zh-CN unless Accept-Language (or <c>?ui-culture=en</c>) asks for English. Only the UI culture follows the caller: numbers and times are formatted as they always were.
/// </summary>
public static class Languages
{
    public static WebApplication UseThreeSocialLanguages(this WebApplication app)
    {
        var formats = CultureInfo.CurrentCulture;
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(formats, Grains.Texts.Texts.Chinese),
            SupportedCultures = [formats],
            SupportedUICultures = [Grains.Texts.Texts.Chinese, Grains.Texts.Texts.English],
        });
        return app;
    }

    /// <summary>The incident with its timeline's notes in the caller's language.</summary>
    public static IncidentView Localised(IncidentView view) =>
        view with { Timeline = [.. view.Timeline.Select(e => TimelineNotes.Rendered(e, CultureInfo.CurrentUICulture))] };

    /// <summary>The alert with its messages' details in the caller's language.</summary>
    public static AlertView Localised(AlertView alert) =>
        alert with { Messages = [.. alert.Messages.Select(m => m with { Detail = AlertTexts.Detail(m, CultureInfo.CurrentUICulture), Said = null })] };

    /// <summary>An alert's detail in each language, for the hub, whose groups mix readers of both.</summary>
    public static IReadOnlyDictionary<string, string> Both(CapMessageInfo message) => new Dictionary<string, string>
    {
        ["zh-CN"] = AlertTexts.Detail(message, Grains.Texts.Texts.Chinese),
        ["en"] = AlertTexts.Detail(message, Grains.Texts.Texts.English),
    };
}
