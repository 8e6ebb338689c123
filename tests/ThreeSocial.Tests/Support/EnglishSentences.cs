using System.Text.RegularExpressions;

namespace ThreeSocial.Tests.Support;

/// <summary>
/// Runs of English words in a text meant to be Chinese: two or more purely alphabetic words of two letters or more in a
/// row. Ids and codes ("first-aid", "resp-0012", "500103001"), units after numbers ("12 min") and single words pass.
/// </summary>
public static partial class EnglishSentences
{
    public static IReadOnlyList<string> In(string text) => [.. Run().Matches(text).Select(m => m.Value)];

    [GeneratedRegex(@"(?<![\w-])[A-Za-z]{2,}(?:[ ,;:']+[A-Za-z]{2,})+(?![\w-])")]
    private static partial Regex Run();
}
