using System.Globalization;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A stock ledger's notes in the reader's language, from their facts. Notes a person typed, and lines stored before
/// the facts were kept, keep the note they have.
/// </summary>
public static class StockTexts
{
    /// <summary>The line as a caller reads it: its note in their language, the facts themselves not sent.</summary>
    public static LedgerEntry Localised(LedgerEntry entry, CultureInfo culture) => entry.Said is { } said ? entry with { Note = said.In(culture), Said = null } : entry;

    public static MovementResult Localised(MovementResult result, CultureInfo culture) =>
        result with { Entries = [.. result.Entries.Select(e => Localised(e, culture))] };
}
