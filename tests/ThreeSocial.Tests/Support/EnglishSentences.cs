using System.Text.RegularExpressions;

namespace ThreeSocial.Tests.Support;

/// <summary>
/// Runs of English words in a text meant to be Chinese: two or more purely alphabetic words of two letters or more in a
/// row. Ids and codes ("first-aid", "resp-0012", "500103001"), units after numbers ("12 min") and single words pass.
/// </summary>
public static partial class EnglishSentences
{
    public static IReadOnlyList<string> In(string text) => [.. Run().Matches(text).Select(m => m.Value)];

    /// <summary>English sentences in a problem's title and detail, leaving out what the caller itself sent.</summary>
    public static IReadOnlyList<string> InProblem(System.Text.Json.JsonElement problem, params string[] sent) =>
        [.. new[] { "title", "detail" }.Select(p => problem.TryGetProperty(p, out var v) ? v.GetString() ?? "" : "")
            .SelectMany(t => In(sent.Aggregate(t, (left, s) => left.Replace(s, "", StringComparison.Ordinal))))];

    [GeneratedRegex(@"(?<![\w-])[A-Za-z]{2,}(?:[ ,;:']+[A-Za-z]{2,})+(?![\w-])")]
    private static partial Regex Run();
}
