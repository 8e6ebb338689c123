using System.Collections.Immutable;
using System.Text.Json;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Grains.TimeBank;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.TimeBank;

/// <summary>The time bank's rules as plain classes: what the incident owes, the cap, once-only lines, no overdraft.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class TimeBankRulesTests
{
    private static readonly Playbooks Books = Playbooks.Load(SupplyCatalog.Load());
    private static readonly Lazy<RegionCatalog> City = new(() => TestCities.Small(21, new CityScale(Streets: 6, UrbanCommunities: 30, Villages: 10), "500103", "500106"));
    private static readonly DateTimeOffset T0 = new(2026, 7, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static ResponderSeed Nth(ResponderRole role, int n = 0) => City.Value.City.Responders.Where(r => r.Role == role).Skip(n).First();

    private static HoursCredit CreditOf(int minutesOnScene, int capMinutes = 60, string id = "C-INC-1#1") =>
        new(id, "INC-1", "meal-delivery", T0, T0.AddMinutes(minutesOnScene), capMinutes);

    private static ImmutableList<TimeBankEntry> With(ImmutableList<TimeBankEntry> entries, TimeBankEntry? entry) => entry is null ? entries : entries.Add(entry);

    [Fact]
    public void Every_playbook_has_an_expected_duration_within_bounds_and_the_file_says_one_for_each()
    {
        Assert.All(Books.All, p => Assert.InRange(p.ExpectedHours, 0.01, Playbook.MaxExpectedHours));
        Assert.Equal(1, Books.Get("meal-delivery").ExpectedHours);
        Assert.Equal(8, Books.Get("flood").ExpectedHours);
    }

    [Fact]
    public void A_credit_is_the_time_on_scene_held_at_the_cap_with_the_rest_pending_and_counted_once()
    {
        var under = TimeBankLedger.Credit([], CreditOf(45))!;
        Assert.Equal((45, 0), (under.Minutes, under.PendingMinutes));

        var over = TimeBankLedger.Credit([], CreditOf(150))!;
        Assert.Equal((60, 90), (over.Minutes, over.PendingMinutes));
        ImmutableList<TimeBankEntry> ledger = [over];
        Assert.Null(TimeBankLedger.Credit(ledger, CreditOf(150))); // the same assignment again: nothing
        Assert.Null(TimeBankLedger.Credit(ledger, CreditOf(500))); // even if the resend says otherwise, the first stands
        Assert.Equal((60, 90), (TimeBankLedger.Balance(ledger), TimeBankLedger.Pending(ledger)));

        var approval = TimeBankLedger.Approve(ledger, new HoursApproval(over.Id, "street"), T0)!;
        ledger = ledger.Add(approval);
        Assert.Equal((150, 0), (TimeBankLedger.Balance(ledger), TimeBankLedger.Pending(ledger)));
        Assert.Null(TimeBankLedger.Approve(ledger, new HoursApproval(over.Id, "street"), T0)); // approved once
        Assert.Throws<DomainRuleException>(() => TimeBankLedger.Approve([under], new HoursApproval(under.Id, "street"), T0)); // nothing above the cap
        Assert.Throws<NotFoundException>(() => TimeBankLedger.Approve(ledger, new HoursApproval("C-none", "street"), T0));
    }

    [Fact]
    public void A_ledger_note_is_said_in_the_readers_language_and_in_english_as_it_always_was_written()
    {
        var capped = TimeBankLedger.Credit([], CreditOf(150))!;
        var within = TimeBankLedger.Credit([], CreditOf(45, id: "C-INC-1#2"))!;
        var approval = TimeBankLedger.Approve([capped], new HoursApproval(capped.Id, "street"), T0)!;
        var redemption = TimeBankLedger.Redeem([within], new Redemption("k1", 30, "理发 (a haircut)", "grid"), T0)!;

        // English: the very words the ledger stored before its notes were facts.
        Assert.Equal("meal-delivery at INC-1: 2.5 h on scene, 1 h credited (the expected duration), 1.5 h awaiting the street office", capped.Note);
        Assert.Equal("meal-delivery at INC-1: 0.75 h on scene", within.Note);
        Assert.Equal("1.5 h above the expected duration approved", approval.Note);
        foreach (var entry in new[] { capped, within, approval })
            Assert.Equal(entry.Note, TimeBankTexts.Note(entry with { Note = "" }, Grains.Texts.Texts.English));

        Assert.Equal("INC-1（助餐送餐）：在场 2.5 小时，按预计时长记入 1 小时，1.5 小时待街道审批", TimeBankTexts.Note(capped, Grains.Texts.Texts.Chinese));
        Assert.Equal("INC-1（助餐送餐）：在场 0.75 小时", TimeBankTexts.Note(within, Grains.Texts.Texts.Chinese));
        Assert.Equal("已批准超出预计时长的 1.5 小时", TimeBankTexts.Note(approval, Grains.Texts.Texts.Chinese));

        // What the community typed, and a line stored before the facts were kept, read as stored in either language.
        Assert.Null(redemption.Said);
        Assert.Equal("理发 (a haircut)", TimeBankTexts.Note(redemption, Grains.Texts.Texts.Chinese));
        var old = capped with { Said = null };
        Assert.Equal(capped.Note, TimeBankTexts.Note(old, Grains.Texts.Texts.Chinese));

        // The view a caller reads: notes in their language, the facts not sent.
        var view = TimeBankTexts.Localised(new TimeBankView("resp-1", "500103001001", TimeBankTotals.Of("resp-1", [capped, approval]), [approval, capped]), Grains.Texts.Texts.Chinese);
        Assert.Equal(["已批准超出预计时长的 1.5 小时", "INC-1（助餐送餐）：在场 2.5 小时，按预计时长记入 1 小时，1.5 小时待街道审批"], view.Entries.Select(e => e.Note));
        Assert.All(view.Entries, e => Assert.Null(e.Said));
    }

    [Fact]
    public void A_ledger_line_keeps_its_facts_in_storage_and_a_line_from_before_reads_and_writes_as_it_was()
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        var credit = TimeBankLedger.Credit([], CreditOf(150))!;
        var stored = JsonSerializer.Serialize(credit, json);
        var read = JsonSerializer.Deserialize<TimeBankEntry>(stored, json)!;
        Assert.Equal(credit.Said, read.Said);
        Assert.Equal(TimeBankTexts.Note(credit, Grains.Texts.Texts.Chinese), TimeBankTexts.Note(read, Grains.Texts.Texts.Chinese));

        var before = JsonSerializer.Serialize(credit with { Said = null }, json);
        Assert.DoesNotContain("said", before, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"said\"", stored, StringComparison.Ordinal);
        var oldRead = JsonSerializer.Deserialize<TimeBankEntry>(before, json)!;
        Assert.Null(oldRead.Said);
        Assert.Equal(before, JsonSerializer.Serialize(oldRead, json));
    }

    [Fact]
    public void A_redemption_larger_than_the_balance_is_refused_and_one_within_it_is_kept_once_by_its_key()
    {
        ImmutableList<TimeBankEntry> ledger = [TimeBankLedger.Credit([], CreditOf(90, capMinutes: 120))!];

        var overdraw = Assert.Throws<DomainRuleException>(() => TimeBankLedger.Redeem(ledger, new Redemption("k1", 91, "haircut", "grid"), T0));
        Assert.Contains("1.5 h", overdraw.Message);
        // The control, with the same chance: within the balance it is taken.
        ledger = With(ledger, TimeBankLedger.Redeem(ledger, new Redemption("k2", 60, "haircut", "grid"), T0));
        Assert.Equal(30, TimeBankLedger.Balance(ledger));
        Assert.Null(TimeBankLedger.Redeem(ledger, new Redemption("k2", 60, "haircut", "grid"), T0)); // a resend
        Assert.Throws<InvalidRequestException>(() => TimeBankLedger.Redeem(ledger, new Redemption("k2", 10, "rice", "grid"), T0)); // the key reused for another
        Assert.Throws<DomainRuleException>(() => TimeBankLedger.Redeem(ledger, new Redemption("k3", 31, "rice", "grid"), T0));
        Assert.Throws<InvalidRequestException>(() => TimeBankLedger.Redeem(ledger, new Redemption("k4", 0, "rice", "grid"), T0));
        Assert.Equal(30, TimeBankLedger.Balance(ledger));
    }

    [Fact]
    public void An_incident_owes_each_volunteer_from_on_scene_to_the_end_of_their_assignment_and_nobody_else()
    {
        var volunteer = Nth(ResponderRole.Volunteer);
        var other = Nth(ResponderRole.Volunteer, 1);
        var late = Nth(ResponderRole.Volunteer, 2);
        var worker = Nth(ResponderRole.GridWorker);
        var report = new IncidentReport("flood", IncidentClass.NaturalDisaster, ResponseKind.Emergency, Severity.Major,
            new IncidentPlace(0, 0, "500103001001001", "500103001001", "500103001", "500103"), "water", new PeopleInvolved(1), "grid", T0,
            new Deadlines(T0, T0, T0, T0), "f");
        TimelineEntry[] timeline =
        [
            new TimelineEntry.Reported(T0, "grid", "reported", report),
            new TimelineEntry.OnScene(T0.AddMinutes(30), volunteer.Id, "on scene", volunteer.Id),
            new TimelineEntry.OnScene(T0.AddMinutes(40), other.Id, "on scene", other.Id),
            new TimelineEntry.OnScene(T0.AddMinutes(40), worker.Id, "on scene", worker.Id),
            new TimelineEntry.Released(T0.AddMinutes(100), other.Id, "went off duty", other.Id),
            new TimelineEntry.Accepted(T0.AddMinutes(110), late.Id, "accepted", late.Id), // never on scene: owed nothing
            new TimelineEntry.Resolved(T0.AddHours(10), "grid", "water gone"),
        ];

        var owed = TimeBankCredits.From("INC-1", timeline, Books, City.Value);

        Assert.Equal([other.Id, volunteer.Id], owed.Select(o => o.ResponderId));
        Assert.Equal((T0.AddMinutes(40), T0.AddMinutes(100)), (owed[0].Credit.OnSceneAt, owed[0].Credit.EndedAt));
        Assert.Equal((T0.AddMinutes(30), T0.AddHours(10), 8 * 60), (owed[1].Credit.OnSceneAt, owed[1].Credit.EndedAt, owed[1].Credit.CapMinutes));
        Assert.Equal(owed.ToArray(), TimeBankCredits.From("INC-1", timeline, Books, City.Value).ToArray()); // worked out again, the same ids: a resend
        var credited = TimeBankLedger.Credit([], owed[1].Credit)!;
        Assert.Equal((480, 90), (credited.Minutes, credited.PendingMinutes)); // 9.5 h on scene, 8 h expected
    }
}
