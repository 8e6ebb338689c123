using System.Globalization;
using ThreeSocial.Grains.Common;
using Catalogue = ThreeSocial.Grains.Texts.Texts;

namespace ThreeSocial.Api.Problems;

/// <summary>Problem details' words in the caller's language (the request's UI culture; zh-CN unless English is asked for).</summary>
public static class ProblemTexts
{
    public static string Say(string key) => Catalogue.Say(key, CultureInfo.CurrentUICulture);

    /// <summary>
    /// A caller's mistake said from the catalogue; in English always the exception's own message, so English answers
    /// stay byte for byte what they were. A mistake not yet in the catalogue is said in English in either language.
    /// </summary>
    public static string Detail(InvalidRequestException invalid) =>
        invalid.TextKey is { } key && !Catalogue.IsEnglish(CultureInfo.CurrentUICulture) && Catalogue.All.ContainsKey(key)
            ? Catalogue.Say(key, CultureInfo.CurrentUICulture, [.. invalid.Facts ?? []])
            : invalid.Message;
}
