using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>
/// The ledger's rules, without a silo: what each command adds (null: nothing, it was done before) and what it refuses.
/// The balance is credits and approvals less redemptions, and never goes below zero.
/// </summary>
public static class TimeBankLedger
{
    /// <summary>At most this much in one redemption (a year of full days): more is a typing mistake, not an exchange.</summary>
    public const int MaxRedemptionMinutes = 365 * 24 * 60;

    public static double Hours(int minutes) => Math.Round(minutes / 60.0, 2);

    public static int Credited(IEnumerable<TimeBankEntry> entries) =>
        entries.Where(e => e.Kind is TimeBankEntryKind.Credit or TimeBankEntryKind.Approval).Sum(e => e.Minutes);

    public static int Redeemed(IEnumerable<TimeBankEntry> entries) => entries.Where(e => e.Kind == TimeBankEntryKind.Redemption).Sum(e => e.Minutes);

    public static int Balance(IReadOnlyCollection<TimeBankEntry> entries) => Credited(entries) - Redeemed(entries);

    /// <summary>Time above the cap of credits the street office has not approved yet.</summary>
    public static int Pending(IReadOnlyCollection<TimeBankEntry> entries) =>
        entries.Where(e => e.Kind == TimeBankEntryKind.Credit && e.PendingMinutes > 0 && !entries.Any(a => a.Id == ApprovalId(e.Id))).Sum(e => e.PendingMinutes);

    public static string ApprovalId(string creditId) => "A-" + creditId;

    public static string RedemptionId(string requestId) => "R-" + requestId;

    /// <summary>
    /// The time on scene in whole minutes, held at the cap; the rest waits for the street office. Null when this credit
    /// is already in the ledger (a resend, or the incident's retry after a restart).
    /// </summary>
    public static TimeBankEntry? Credit(IReadOnlyCollection<TimeBankEntry> entries, HoursCredit credit)
    {
        if (entries.Any(e => e.Id == credit.EntryId)) return null;
        if (credit.CapMinutes < 1) throw new ArgumentException($"A credit's cap is at least a minute ({credit.EntryId}).", nameof(credit));
        var served = Math.Max(0, (int)Math.Floor((credit.EndedAt - credit.OnSceneAt).TotalMinutes));
        var credited = Math.Min(served, credit.CapMinutes);
        var said = served > credited
            ? Phrase.Of("timebank.credit-capped", Phrase.Subtype(credit.Subtype), credit.IncidentId, Hours(served), Hours(credited), Hours(served - credited))
            : Phrase.Of("timebank.credit", Phrase.Subtype(credit.Subtype), credit.IncidentId, Hours(served));
        return new TimeBankEntry(credit.EntryId, TimeBankEntryKind.Credit, credited, served - credited, credit.EndedAt, said.ToString(), "incident", Said: said);
    }

    /// <summary>Refused when the balance is short (nothing is written); a resend of the same key is answered as before.</summary>
    public static TimeBankEntry? Redeem(IReadOnlyCollection<TimeBankEntry> entries, Redemption redemption, DateTimeOffset now)
    {
        Require.Text(redemption.RequestId, "Idempotency-Key", 100);
        Require.Text(redemption.Actor, "actor", 64);
        Require.Text(redemption.What, "what", 200);
        var fingerprint = RecentRequests.Fingerprint(redemption);
        var id = RedemptionId(redemption.RequestId);
        if (RecentRequests.IsResend(entries.FirstOrDefault(e => e.Id == id)?.Fingerprint, redemption, redemption.RequestId, "Idempotency-Key", "Idempotency key", "redemption"))
            return null;
        if (redemption.Minutes is < 1 or > MaxRedemptionMinutes)
            throw new InvalidRequestException("hours", "invalid.redemption-size", MaxRedemptionMinutes / 60);
        var balance = Balance(entries);
        if (redemption.Minutes > balance)
            throw new DomainRuleException("rule.balance-short", Hours(balance), Hours(redemption.Minutes));
        return new TimeBankEntry(id, TimeBankEntryKind.Redemption, redemption.Minutes, 0, now, redemption.What, redemption.Actor, fingerprint);
    }

    /// <summary>Adds a credit's time above the cap, once; null when already approved.</summary>
    public static TimeBankEntry? Approve(IReadOnlyCollection<TimeBankEntry> entries, HoursApproval approval, DateTimeOffset now)
    {
        Require.Text(approval.CreditId, "creditId", 200);
        Require.Text(approval.Actor, "actor", 64);
        var credit = entries.FirstOrDefault(e => e.Id == approval.CreditId && e.Kind == TimeBankEntryKind.Credit)
            ?? throw new NotFoundException("missing.credit", approval.CreditId);
        if (entries.Any(e => e.Id == ApprovalId(credit.Id))) return null;
        if (credit.PendingMinutes == 0) throw new DomainRuleException("rule.nothing-to-approve", credit.Id);
        var said = Phrase.Of("timebank.approval", Hours(credit.PendingMinutes));
        return new TimeBankEntry(ApprovalId(credit.Id), TimeBankEntryKind.Approval, credit.PendingMinutes, 0, now, said.ToString(), approval.Actor, Said: said);
    }
}
