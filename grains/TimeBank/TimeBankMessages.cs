using System.Collections.Immutable;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>An assignment that ended after time on scene: the incident sends it as often as it likes, the ledger counts it once.</summary>
[GenerateSerializer, Immutable, Alias("ts.HoursCredit")]
public sealed record HoursCredit(
    [Id(0)] string EntryId, [Id(1)] string IncidentId, [Id(2)] string Subtype, [Id(3)] DateTimeOffset OnSceneAt, [Id(4)] DateTimeOffset EndedAt,
    [Id(5)] int CapMinutes);

/// <summary>Hours exchanged for a service or goods, recorded by the volunteer's community; the request id is the Idempotency-Key.</summary>
[GenerateSerializer, Immutable, Alias("ts.Redemption")]
public sealed record Redemption([Id(0)] string RequestId, [Id(1)] int Minutes, [Id(2)] string What, [Id(3)] string Actor);

/// <summary>The street office approves a credit's hours held above the playbook's expected duration.</summary>
[GenerateSerializer, Immutable, Alias("ts.HoursApproval")]
public sealed record HoursApproval([Id(0)] string CreditId, [Id(1)] string Actor);

/// <summary>A volunteer's figures, as a community's or street's list shows them.</summary>
[GenerateSerializer, Immutable, Alias("ts.TimeBankTotals")]
public sealed record TimeBankTotals([Id(0)] string ResponderId, [Id(1)] int CreditedMinutes, [Id(2)] int RedeemedMinutes, [Id(3)] int PendingMinutes)
{
    public static TimeBankTotals Of(string responderId, IReadOnlyCollection<TimeBankEntry> entries) =>
        new(responderId, TimeBankLedger.Credited(entries), TimeBankLedger.Redeemed(entries), TimeBankLedger.Pending(entries));

    public int BalanceMinutes => CreditedMinutes - RedeemedMinutes;

    public double BalanceHours => TimeBankLedger.Hours(BalanceMinutes);

    public double CreditedHours => TimeBankLedger.Hours(CreditedMinutes);

    public double RedeemedHours => TimeBankLedger.Hours(RedeemedMinutes);

    public double PendingHours => TimeBankLedger.Hours(PendingMinutes);
}

/// <summary>A volunteer's ledger: the figures and every line, newest first.</summary>
[GenerateSerializer, Immutable, Alias("ts.TimeBankView")]
public sealed record TimeBankView([Id(0)] string ResponderId, [Id(1)] string Community, [Id(2)] TimeBankTotals Totals, [Id(3)] ImmutableArray<TimeBankEntry> Entries);
