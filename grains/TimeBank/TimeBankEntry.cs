using System.Text.Json.Serialization;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>
/// One line of a volunteer's ledger. The id makes it once-only: "C-{incident}#{n}" for the n-th time on scene at that
/// incident, "A-{credit id}" for the approval of that credit's extra hours, "R-{Idempotency-Key}" for a redemption.
/// Minutes are whole and never negative; the kind gives the sign. PendingMinutes is a credit's time above the cap.
/// Said is the note's sentence as facts (credits and approvals written from now on); Note keeps its English words, and
/// a redemption's note is what the community typed.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.TimeBankEntry")]
public sealed record TimeBankEntry(
    [Id(0)] string Id, [Id(1)] TimeBankEntryKind Kind, [Id(2)] int Minutes, [Id(3)] int PendingMinutes, [Id(4)] DateTimeOffset At,
    [Id(5)] string Note, [Id(6)] string Actor, [Id(7)] string? Fingerprint = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] [Id(8)] Phrase? Said = null)
{
    public double Hours => TimeBankLedger.Hours(Minutes);

    public double PendingHours => TimeBankLedger.Hours(PendingMinutes);
}
