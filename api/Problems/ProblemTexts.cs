using System.Globalization;
using ThreeSocial.Grains.Common;
using Catalogue = ThreeSocial.Grains.Texts.Texts;

namespace ThreeSocial.Api.Problems;

/// <summary>Problem details' words in the caller's language (the request's UI culture; zh-CN unless English is asked for).</summary>
public static class ProblemTexts
{
    public static string Say(string key, params object?[] facts) => Catalogue.Say(key, CultureInfo.CurrentUICulture, facts);

    /// <summary>A refusal's sentence from its facts; in English the exception's own message, as it always was.</summary>
    public static string Detail(Exception refusal) =>
        refusal is IExplained { Said: { } said } && !Catalogue.IsEnglish(CultureInfo.CurrentUICulture)
            ? said.In(CultureInfo.CurrentUICulture)
            : refusal.Message;
}
