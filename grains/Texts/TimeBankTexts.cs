using System.Globalization;
using ThreeSocial.Grains.TimeBank;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A ledger's notes in the reader's language, from their facts. Lines stored before the facts were kept, and
/// redemptions (what the community typed), keep the note they have.
/// </summary>
public static class TimeBankTexts
{
    public static string Note(TimeBankEntry entry, CultureInfo culture) => entry.Said?.In(culture) ?? entry.Note;

    /// <summary>The view as a caller reads it: each note in their language, the facts themselves not sent.</summary>
    public static TimeBankView Localised(TimeBankView view, CultureInfo culture) =>
        view with { Entries = [.. view.Entries.Select(e => e with { Note = Note(e, culture), Said = null })] };
}
