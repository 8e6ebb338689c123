using System.Globalization;
using System.Text.RegularExpressions;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A timeline line's note in the reader's language, rendered from the entry's facts: its <see cref="TimelineEntry.Said"/>
/// phrase, or the decision, the supplies, the deadline its record holds. Entries written before the phrase was kept
/// (journals keep the English sentence they always had) are read back by the sentence's own pattern: that regex path is
/// only the fallback for them. What an operator typed (resolve, close, cancel reasons) stays as typed, and a note no
/// pattern knows is shown as stored.
/// </summary>
public static partial class TimelineNotes
{
    private static readonly Lazy<SupplyCatalog> Supplies = new(SupplyCatalog.Load);

    public static TimelineEntry Rendered(TimelineEntry entry, CultureInfo culture) => entry switch
    {
        TimelineEntry.Dispatched e => e with { Note = Note(e, culture), Decision = DispatchTexts.Localised(e.Decision, culture) },
        TimelineEntry.FollowUpDispatched e => e with { Note = Note(e, culture), Decision = DispatchTexts.Localised(e.Decision, culture) },
        _ => entry with { Note = Note(entry, culture) },
    };

    public static string Note(TimelineEntry entry, CultureInfo culture) => entry switch
    {
        { Said: { } said } => said.In(culture),
        TimelineEntry.Dispatched e => Decision(e.Decision, culture),
        TimelineEntry.FollowUpDispatched e => Decision(e.Decision, culture),
        TimelineEntry.SuppliesIssued e => e.Supplies.IsEmpty
            ? Texts.Say("timeline.supplies-none", culture)
            : Texts.List(e.Supplies.Select(a => Texts.Say("timeline.supply", culture, a.Quantity, a.Category, a.StockpileId)), culture, strong: true),
        TimelineEntry.DeadlineMissed e => Texts.Say("timeline.deadline-missed", culture, Deadline(e.Deadline.ReminderName(), culture)),
        // Entries from before the facts were kept: read back from their English words.
        TimelineEntry.Acknowledged { Note: "the street office has the report" } => Texts.Say("timeline.acknowledged", culture),
        TimelineEntry.Reported e when ReportedPattern().Match(e.Note) is { Success: true } m => Texts.Say("timeline.reported", culture, m.Groups[1].Value, m.Groups[2].Value),
        TimelineEntry.ReportedUp e when ReportedUpPattern().Match(e.Note) is { Success: true } m => Texts.Say("timeline.reported-up", culture, m.Groups[1].Value),
        TimelineEntry.Accepted e when AcceptedPattern().Match(e.Note) is { Success: true } m => Texts.Say("timeline.accepted", culture, Need(m.Groups[1].Value, culture)),
        TimelineEntry.EnRoute e when StepPattern().Match(e.Note) is { Success: true } m => Texts.Say("timeline.en-route", culture, Need(m.Groups[1].Value, culture)),
        TimelineEntry.OnScene e when StepPattern().Match(e.Note) is { Success: true } m => Texts.Say("timeline.on-scene", culture, Need(m.Groups[1].Value, culture)),
        TimelineEntry.Released e => Released(e.Note, culture),
        TimelineEntry.Escalated e => EscalationReason(e.Note, culture),
        _ => entry.Note,
    };

    private static string Decision(DispatchDecision d, CultureInfo culture)
    {
        var picks = d.Picks.IsEmpty
            ? Texts.Say("timeline.nobody-assigned", culture)
            : Texts.List(d.Picks.Select(p => Texts.Say("timeline.pick", culture, p.ResponderId, Need(p.Need, culture), p.EtaMinutes.ToString("0", CultureInfo.InvariantCulture))), culture, strong: true);
        return d.Unfilled.IsEmpty ? picks
            : Texts.List([picks, Texts.Say("timeline.unfilled", culture, Texts.List(d.Unfilled.Select(u => Phrase.Of("timeline.need-count", u.Missing, Phrase.Need(u.Need)).In(culture)), culture))], culture, strong: true);
    }

    private static string Deadline(string reminderName, CultureInfo culture) =>
        Texts.All.ContainsKey($"deadline.{reminderName}") ? Texts.Say($"deadline.{reminderName}", culture) : reminderName;

    private static string Released(string note, CultureInfo culture) => note switch
    {
        "no longer free when asked" => Texts.Say("timeline.no-longer-free", culture),
        _ when ReplacedPattern().Match(note) is { Success: true } m => Texts.Say("timeline.replaced", culture, Need(m.Groups[1].Value, culture)),
        _ when DeclinedPattern().Match(note) is { Success: true } m => Texts.Say("timeline.declined", culture, m.Groups[1].Value, m.Groups[2].Value),
        _ when NotAcceptedPattern().Match(note) is { Success: true } m => Texts.Say("timeline.not-accepted-in", culture, m.Groups[1].Value),
        _ when OffDutyPattern().Match(note) is { Success: true } m => Texts.Say("timeline.went-off-duty", culture, m.Groups[1].Value),
        _ => note,
    };

    /// <summary>Why an incident was escalated, as its timeline and its alert say it.</summary>
    public static string EscalationReason(string note, CultureInfo culture) => note switch
    {
        _ when NoResponderPattern().Match(note) is { Success: true } m => Texts.Say("timeline.no-responder", culture, Needs(m.Groups[1].Value, culture)),
        _ when LatePattern().Match(note) is { Success: true } m => Texts.Say("timeline.late", culture, m.Groups[1].Value, m.Groups[2].Value),
        _ when EscalatedNotAcceptedPattern().Match(note) is { Success: true } m => Texts.Say("timeline.escalated-not-accepted", culture, m.Groups[1].Value, m.Groups[2].Value),
        _ when SuppliesShortPattern().Match(note) is { Success: true } m => Texts.Say("timeline.supplies-short", culture, Shortages(m.Groups[1].Value, culture), m.Groups[2].Value),
        _ when DeadlineMissedPattern().Match(note) is { Success: true } m => Texts.Say("timeline.deadline-missed-reason", culture, Deadline(m.Groups[1].Value, culture), m.Groups[2].Value),
        _ => note,
    };

    /// <summary>"3 box of First-aid kit, …" with each category in the reader's language (the journal has the English name).</summary>
    private static string Shortages(string shortages, CultureInfo culture) => Texts.List(shortages.Split(", ").Select(item =>
        ShortagePattern().Match(item) is { Success: true } m && Supplies.Value.All.FirstOrDefault(c => c.En == m.Groups[3].Value) is { } category
            ? Texts.Say("timeline.shortage", culture, m.Groups[1].Value, Texts.IsEnglish(culture) ? m.Groups[2].Value : category.UnitZh, Texts.IsEnglish(culture) ? category.En : category.Zh)
            : item), culture);

    /// <summary>"1 × first-aid, 2 × GridWorker" with each need in the reader's language.</summary>
    private static string Needs(string needs, CultureInfo culture) => Texts.List(needs.Split(", ").Select(item =>
        NeedCountPattern().Match(item) is { Success: true } m ? Texts.Say("timeline.need-count", culture, m.Groups[1].Value, Need(m.Groups[2].Value, culture)) : item), culture);

    private static string Need(string code, CultureInfo culture) => Phrase.Need(code).In(culture);

    [GeneratedRegex(@"^(.+) reported in grid (\S+)$")] private static partial Regex ReportedPattern();
    [GeneratedRegex(@"^sent to street office (\S+)$")] private static partial Regex ReportedUpPattern();
    [GeneratedRegex(@"^accepted '(.*)'$")] private static partial Regex AcceptedPattern();
    [GeneratedRegex(@"^'(.*)' (?:EnRoute|OnScene)$")] private static partial Regex StepPattern();
    [GeneratedRegex(@"^replaced by an earlier mutual-aid responder for '(.*)'$")] private static partial Regex ReplacedPattern();
    [GeneratedRegex(@"^declined by ([^:]+): (.*)$", RegexOptions.Singleline)] private static partial Regex DeclinedPattern();
    [GeneratedRegex(@"^not accepted within (\d+) min$")] private static partial Regex NotAcceptedPattern();
    [GeneratedRegex(@"^went off duty \((.*)\)$")] private static partial Regex OffDutyPattern();
    [GeneratedRegex(@"^no responder found for (.+), even with mutual aid$")] private static partial Regex NoResponderPattern();
    [GeneratedRegex(@"^nobody can be on scene before (\S+); the earliest responder arrives in (\d+) min$")] private static partial Regex LatePattern();
    [GeneratedRegex(@"^(.+) did not accept within (\d+) min; sent to the next best$")] private static partial Regex EscalatedNotAcceptedPattern();
    [GeneratedRegex(@"^short of (.+) in the (\d+) nearest stockpiles$")] private static partial Regex SuppliesShortPattern();
    [GeneratedRegex(@"^(\d+) (\S+) of (.+)$")] private static partial Regex ShortagePattern();
    [GeneratedRegex(@"^deadline missed: (\S+) \(reported (\S+)\)$")] private static partial Regex DeadlineMissedPattern();
    [GeneratedRegex(@"^(\d+) × (\S+)$")] private static partial Regex NeedCountPattern();
}
