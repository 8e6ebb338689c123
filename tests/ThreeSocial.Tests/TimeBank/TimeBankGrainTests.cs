using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.TimeBank;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.TimeBank;

/// <summary>
/// Volunteers' hours on a real silo and virtual time: the incident credits the ledger when an assignment on scene
/// ends, once however often it is sent and across a restart; an overdraft is refused and changes nothing.
/// </summary>
[Trait("Category", TestCategory.Grain)]
public sealed class TimeBankGrainTests : IncidentTest
{
    private static ResponderSeed Volunteer => Catalog.City.Responders
        .Where(r => r.Role == ResponderRole.Volunteer && r.HomeCommunity.StartsWith("500103", StringComparison.Ordinal)).OrderBy(r => r.Id, StringComparer.Ordinal).First();

    private ITimeBankGrain Ledger(ResponderSeed responder) => Grains.GetGrain<ITimeBankGrain>(responder.Id);

    /// <summary>The only one on duty is sent, accepts, is on scene for the minutes given, and the incident is resolved.</summary>
    private async Task<IIncidentGrain> Serve(ResponderSeed responder, string key, string subtype, int minutes)
    {
        await OnDuty(responder, 0.2);
        var incident = Incident(key);
        await incident.Report(Report(key, subtype, Severity.General));
        await Until(incident, v => v.Assignments.Any(a => a.ResponderId == responder.Id), $"{responder.Id} is dispatched");
        await incident.Accept(responder.Id, responder.Id);
        await incident.Advance(responder.Id, IncidentStage.OnScene, responder.Id);
        await Clock.Pass(TimeSpan.FromMinutes(minutes));
        await incident.Resolve(responder.Id, "done");
        return incident;
    }

    /// <summary>What the incident's retry reminder does when it fires: sends every credit its timeline owes again.</summary>
    private static Task Resend(IIncidentGrain incident) => incident.AsReference<IRemindable>().ReceiveReminder(TimeBankCredits.Reminder, default);

    [Fact]
    public async Task A_volunteers_hours_are_credited_once_across_a_resend_and_a_restart()
    {
        var incident = await Serve(Volunteer, "tb-once", "meal-delivery", 45);

        var first = await Ledger(Volunteer).Get();
        var credit = Assert.Single(first.Entries);
        Assert.Equal((TimeBankEntryKind.Credit, 45, 0), (credit.Kind, credit.Minutes, credit.PendingMinutes));
        Assert.Equal($"C-{incident.GetPrimaryKeyString()}#1", credit.Id);
        Assert.DoesNotContain(TimeBankCredits.Reminder, await RemindersOf("incident", incident.GetPrimaryKeyString())); // delivered: the retry is gone

        await Resend(incident);
        await Ledger(Volunteer).Credit(new HoursCredit(credit.Id, incident.GetPrimaryKeyString(), "meal-delivery", credit.At.AddHours(-5), credit.At, 600));
        Assert.Equal(first.Entries.ToArray(), (await Ledger(Volunteer).Get()).Entries.ToArray());

        await RestartAsync();
        await Resend(Incident("tb-once"));
        var afterRestart = await Ledger(Volunteer).Get();
        Assert.Equal(first.Entries.ToArray(), afterRestart.Entries.ToArray());
        Assert.Equal(45, afterRestart.Totals.BalanceMinutes);
        // The note's facts came back from storage with the line (the entries' equality above compares them too).
        Assert.Equal(ThreeSocial.Grains.Texts.Phrase.Of("timebank.credit", ThreeSocial.Grains.Texts.Phrase.Subtype("meal-delivery"), incident.GetPrimaryKeyString(), 0.75),
            afterRestart.Entries[0].Said);

        // The control, with the same path: another assignment is another credit.
        await Serve(Volunteer, "tb-twice", "meal-delivery", 30);
        var both = await Ledger(Volunteer).Get();
        Assert.Equal((2, 75), (both.Entries.Length, both.Totals.BalanceMinutes));
    }

    [Fact]
    public async Task Hours_above_the_playbooks_expected_duration_wait_for_the_street_office_and_count_once_approved()
    {
        await Serve(Volunteer, "tb-cap", "meal-delivery", 100); // meal delivery is expected to take 1 h

        var held = await Ledger(Volunteer).Get();
        Assert.Equal((60, 40), (held.Totals.BalanceMinutes, held.Totals.PendingMinutes));
        var credit = held.Entries.Single();
        await Ledger(Volunteer).Approve(new HoursApproval(credit.Id, "street-500103"));
        var approved = await Ledger(Volunteer).Approve(new HoursApproval(credit.Id, "street-500103")); // a resend
        Assert.Equal((100, 0, 2), (approved.Totals.BalanceMinutes, approved.Totals.PendingMinutes, approved.Entries.Length));
    }

    [Fact]
    public async Task Redeeming_more_than_the_balance_is_refused_and_changes_nothing_while_a_redemption_within_it_is_kept_once()
    {
        await Serve(Volunteer, "tb-spend", "meal-delivery", 45);
        var before = await Ledger(Volunteer).Get();

        await Assert.ThrowsAsync<DomainRuleException>(() => Ledger(Volunteer).Redeem(new Redemption("spend-1", 46, "haircut", "grid")));
        var refused = await Ledger(Volunteer).Get();
        Assert.Equal(before.Totals, refused.Totals);
        Assert.Equal(before.Entries.ToArray(), refused.Entries.ToArray());
        await RestartAsync();
        Assert.Equal(before.Entries.ToArray(), (await Ledger(Volunteer).Get()).Entries.ToArray()); // nothing was written either

        // The control: the same request within the balance is taken, and its resend is not taken again.
        await Ledger(Volunteer).Redeem(new Redemption("spend-2", 30, "haircut", "grid"));
        var spent = await Ledger(Volunteer).Redeem(new Redemption("spend-2", 30, "haircut", "grid"));
        Assert.Equal((15, 2), (spent.Totals.BalanceMinutes, spent.Entries.Length));
    }

    [Fact]
    public async Task Only_volunteers_bank_hours()
    {
        var medic = Qualified("first-aid").First(r => r.Role != ResponderRole.Volunteer);
        var incident = await Serve(medic, "tb-medic", "heat-illness", 45);

        Assert.Equal(AssignmentStatus.Done, (await incident.Get()).Assignments.Single(a => a.ResponderId == medic.Id).Status); // it did end on scene
        Assert.Empty((await Ledger(medic).Get()).Entries);
        Assert.DoesNotContain(TimeBankCredits.Reminder, await RemindersOf("incident", incident.GetPrimaryKeyString()));
    }
}
