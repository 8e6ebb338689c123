using System.Globalization;
using ThreeSocial.Grains.Dispatch;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A dispatch decision's reasons in the reader's language, from their facts. Decisions stored before the reasons were
/// kept as facts have only their English sentence, which is shown as it is.
/// </summary>
public static class DispatchTexts
{
    public static string Why(IEnumerable<Phrase> reasons, CultureInfo culture) =>
        string.Join(Texts.IsEnglish(culture) ? "; " : "；", reasons.Select(r => r.In(culture)));

    public static DispatchDecision Localised(DispatchDecision decision, CultureInfo culture) => decision with
    {
        Picks = [.. decision.Picks.Select(p => p.Reasons.IsDefaultOrEmpty ? p : p with { Why = Why(p.Reasons, culture) })],
        Unfilled = [.. decision.Unfilled.Select(u => u.Reason is { } reason ? u with { Why = Why([reason], culture) } : u)],
    };
}
