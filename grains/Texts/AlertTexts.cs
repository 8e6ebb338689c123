using System.Globalization;
using System.Text.RegularExpressions;
using ThreeSocial.Grains.Alerts;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// An alert message's detail in the reader's language. Alerts store the detail the service wrote (English, as alerts
/// stored before always did); it is read back by its sentence's pattern and said again from the catalogue. A detail no
/// pattern knows is shown as stored.
/// </summary>
public static partial class AlertTexts
{
    /// <summary>A message's detail: from its facts when it has them, else read back from its English words.</summary>
    public static string Detail(CapMessageInfo message, CultureInfo culture) => message.Said?.In(culture) ?? Detail(message.Detail, culture);

    // The patterns below are the fallback for details stored before facts were kept (and for those still written as words only).
    public static string Detail(string detail, CultureInfo culture) => detail switch
    {
        "every category is at or above its minimum again" => Texts.Say("alert.stock-restored", culture),
        "nothing held expires soon any more" => Texts.Say("alert.nothing-expiring", culture),
        "no expired stock is held any more" => Texts.Say("alert.nothing-expired", culture),
        "the day's meals are over" => Texts.Say("alert.meals-over", culture),
        _ when BelowMinimum().Match(detail) is { Success: true } m => Texts.Say("alert.below-minimum", culture, m.Groups[1].Value),
        _ when Expiring().Match(detail) is { Success: true } m => Texts.Say("alert.expiring", culture, m.Groups[1].Value, m.Groups[2].Value),
        _ when Expired().Match(detail) is { Success: true } m => Texts.Say("alert.expired", culture, m.Groups[1].Value),
        _ when Meals().Match(detail) is { Success: true } m => Texts.Say("alert.meals", culture, [.. m.Groups.Values.Skip(1).Select(g => g.Value)]),
        _ when OnDuty().Match(detail) is { Success: true } m => Texts.Say("alert.coverage-low", culture, m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value),
        _ when OnDutyAgain().Match(detail) is { Success: true } m => Texts.Say("alert.coverage-restored", culture, m.Groups[1].Value, m.Groups[2].Value),
        _ when OnScene().Match(detail) is { Success: true } m => Texts.Say("alert.on-scene", culture, m.Groups[1].Value),
        _ when IncidentEnded().Match(detail) is { Success: true } m => Texts.Say("alert.incident-ended", culture, Texts.Say($"stage.{m.Groups[1].Value}", culture), m.Groups[2].Value),
        _ when AcknowledgedBy().Match(detail) is { Success: true } m => Texts.Say("alert.acknowledged-by", culture, m.Groups[1].Value),
        _ when NotAcknowledged().Match(detail) is { Success: true } m => Texts.Say("alert.not-acknowledged", culture, m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value),
        _ when Cleared().Match(detail) is { Success: true } m => Texts.Say("alert.cleared", culture, m.Groups[1].Value, Detail(m.Groups[2].Value, culture)),
        _ => TimelineNotes.EscalationReason(detail, culture),
    };


    [GeneratedRegex(@"^below minimum: (.+)$")] private static partial Regex BelowMinimum();
    [GeneratedRegex(@"^expiring within (\d+) days: (.+)$")] private static partial Regex Expiring();
    [GeneratedRegex(@"^expired, still held: (.+)$")] private static partial Regex Expired();
    [GeneratedRegex(@"^(\S+): (\d+) booked, capacity (\d+) \((\d+) seats \+ (\d+) delivered\), (\d+) over$")] private static partial Regex Meals();
    [GeneratedRegex(@"^(\d+) on duty, minimum (\d+) for (\d+) residents aged 60\+$")] private static partial Regex OnDuty();
    [GeneratedRegex(@"^(\d+) on duty again, minimum (\d+)$")] private static partial Regex OnDutyAgain();
    [GeneratedRegex(@"^(\S+) on scene$")] private static partial Regex OnScene();
    [GeneratedRegex(@"^incident (resolved|closed|cancelled): (.*)$", RegexOptions.Singleline)] private static partial Regex IncidentEnded();
    [GeneratedRegex(@"^acknowledged by (.+)$")] private static partial Regex AcknowledgedBy();
    [GeneratedRegex(@"^(\S+) raised (\S+), not acknowledged by (\S+)$")] private static partial Regex NotAcknowledged();
    [GeneratedRegex(@"^(\S+) cleared: (.*)$", RegexOptions.Singleline)] private static partial Regex Cleared();
}
