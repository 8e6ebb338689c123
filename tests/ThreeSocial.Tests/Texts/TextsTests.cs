using System.Collections.Immutable;
using System.Text.Json;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Texts;

/// <summary>The catalogue of sentences, and the timeline's notes rendered from their facts in either language.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class TextsTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 14, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Every_text_has_both_languages_with_the_same_facts()
    {
        Assert.NotEmpty(Grains.Texts.Texts.All);
        foreach (var (key, text) in Grains.Texts.Texts.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(text.Zh), key);
            Assert.False(string.IsNullOrWhiteSpace(text.En), key);
            Assert.Empty(EnglishSentences.In(text.Zh));
            Assert.Equal(Placeholders(text.Zh), Placeholders(text.En));
        }
        static string[] Placeholders(string s) => [.. System.Text.RegularExpressions.Regex.Matches(s, @"\{\d\}").Select(m => m.Value).Order()];
    }

    [Fact]
    public void The_detector_finds_sentences_and_passes_ids_codes_and_units()
    {
        Assert.Equal(["no responder found for"], EnglishSentences.In("no responder found for 1 × first-aid"));
        Assert.Empty(EnglishSentences.In("resp-0012 负责「first-aid」，预计 12 min 到达 500103001 GridWorker"));
    }

    /// <summary>Each note as the grains write it (the English journals hold), read back in both languages.</summary>
    public static TheoryData<string, TimelineEntry> Notes()
    {
        var decision = new DispatchDecision("inc-1", "500103", Now,
            [new ResponderPick("resp-0001", "first-aid", 12.4, 3.1, true, false, "nearest")],
            [new UnfilledNeed("GridWorker", 1, "none on duty")], ImmutableDictionary<string, ImmutableArray<CandidateEta>>.Empty, 4, 0, 1);
        var shortfall = PeopleSearch.Shortfall([new PeopleNeed("first-aid", null, 1)], [], Now)!.Value;
        var late = PeopleSearch.Shortfall([], [new Assignment("resp-0001", "first-aid", AssignmentStatus.Dispatched, Now, 40, false)], Now.AddMinutes(20))!.Value;
        return new()
        {
            { "reported-up", new TimelineEntry.ReportedUp(Now, "system", "sent to street office 500103001") },
            { "reported", new TimelineEntry.Reported(Now, "grid-1", "老人跌倒 reported in grid 500103001001-01", null!) },
            { "acknowledged", new TimelineEntry.Acknowledged(Now, "street-1", "the street office has the report") },
            { "dispatched", new TimelineEntry.Dispatched(Now, "dispatch", PeopleSearch.Summary(decision), decision) },
            { "follow-up", new TimelineEntry.FollowUpDispatched(Now, "dispatch", PeopleSearch.Summary(decision with { Picks = [] }), decision with { Picks = [] }) },
            { "accepted", new TimelineEntry.Accepted(Now, "resp-0001", "accepted 'first-aid'", "resp-0001") },
            { "en-route", new TimelineEntry.EnRoute(Now, "resp-0001", "'first-aid' EnRoute", "resp-0001") },
            { "on-scene", new TimelineEntry.OnScene(Now, "resp-0001", "'first-aid' OnScene", "resp-0001") },
            { "no-longer-free", new TimelineEntry.Released(Now, "dispatch", "no longer free when asked", "resp-0001") },
            { "not-accepted", new TimelineEntry.Released(Now, "dispatch", "not accepted within 5 min", "resp-0001") },
            { "replaced", new TimelineEntry.Released(Now, "dispatch", "replaced by an earlier mutual-aid responder for 'first-aid'", "resp-0001") },
            { "off-duty", new TimelineEntry.Released(Now, "resp-0001", "went off duty (resp-0001)", "resp-0001") },
            { "no-responder", new TimelineEntry.Escalated(Now, "dispatch", shortfall.Reason.ToString(), shortfall.Cause) },
            { "late", new TimelineEntry.Escalated(Now, "dispatch", late.Reason.ToString(), late.Cause) },
            { "escalated-not-accepted", new TimelineEntry.Escalated(Now, "dispatch", "resp-0001, resp-0002 did not accept within 5 min; sent to the next best", EscalationCause.NotAccepted) },
            { "supplies-short", new TimelineEntry.Escalated(Now, "dispatch", SupplySearch.ShortageReason([SupplySearch.Shortage(new SupplyNeed("1010101", 3), SupplyCatalog.Load()), SupplySearch.Shortage(new SupplyNeed("1010201", 2), SupplyCatalog.Load())]).ToString(), EscalationCause.SuppliesShort) },
            { "deadline-reason", new TimelineEntry.Escalated(Now, "dispatch", "deadline missed: on-scene (reported 14:00)", EscalationCause.OnSceneMissed) },
            { "deadline", new TimelineEntry.DeadlineMissed(Now, DeadlineKind.OnScene) },
            { "supplies", new TimelineEntry.SuppliesIssued(Now, "dispatch", SupplySearch.Note([]), []) },
        };
    }

    [Theory]
    [MemberData(nameof(Notes))]
    public void A_note_reads_in_chinese_by_default_and_as_written_in_english(string name, TimelineEntry entry)
    {
        var zh = TimelineNotes.Note(entry, Grains.Texts.Texts.Chinese);
        Assert.True(EnglishSentences.In(zh) is [], $"{name}: {zh}");
        Assert.NotEqual(entry.Note, zh);
        Assert.Equal(entry.Note, TimelineNotes.Note(entry, Grains.Texts.Texts.English));
    }

    /// <summary>Entries as the grains write them now: the note's facts kept as a phrase beside the English note.</summary>
    public static TheoryData<string, TimelineEntry> Said()
    {
        var shortfall = PeopleSearch.Shortfall([new PeopleNeed("first-aid", null, 1)], [], Now)!.Value;
        var supplies = SupplySearch.ShortageReason([SupplySearch.Shortage(new SupplyNeed("1010101", 3), SupplyCatalog.Load())]);
        return new()
        {
            { "reported-up", new TimelineEntry.ReportedUp(Now, "system", "").Saying(Phrase.Of("timeline.reported-up", "500103001")) },
            { "acknowledged", new TimelineEntry.Acknowledged(Now, "street-1", "").Saying(Phrase.Of("timeline.acknowledged")) },
            { "accepted", new TimelineEntry.Accepted(Now, "resp-0001", "", "resp-0001").Saying(Phrase.Of("timeline.accepted", "first-aid")) },
            { "accepted-need", new TimelineEntry.Accepted(Now, "resp-0001", "", "resp-0001").Saying(Phrase.Of("timeline.accepted", Phrase.Need("first-aid"))) },
            { "off-duty", new TimelineEntry.Released(Now, "resp-0001", "", "resp-0001").Saying(Phrase.Of("timeline.went-off-duty", "resp-0001")) },
            { "declined", new TimelineEntry.Released(Now, "dispatch", "", "resp-0001").Saying(Phrase.Of("timeline.declined", "resp-0001", "太远")) },
            { "no-responder", new TimelineEntry.Escalated(Now, "dispatch", "", shortfall.Cause).Saying(shortfall.Reason) },
            { "supplies-short", new TimelineEntry.Escalated(Now, "dispatch", "", EscalationCause.SuppliesShort).Saying(supplies) },
            { "not-accepted", new TimelineEntry.Escalated(Now, "dispatch", "", EscalationCause.NotAccepted)
                .Saying(Phrase.Of("timeline.escalated-not-accepted", Phrase.List([Phrase.Plain("resp-0001"), Phrase.Plain("resp-0002")]), 5)) },
        };
    }

    [Theory]
    [MemberData(nameof(Said))]
    public void A_note_written_now_is_said_from_its_facts_whatever_its_stored_words(string name, TimelineEntry entry)
    {
        var english = TimelineNotes.Note(entry, Grains.Texts.Texts.English);
        var chinese = TimelineNotes.Note(entry, Grains.Texts.Texts.Chinese);
        Assert.Equal(entry.Note, english); // the stored English note is the phrase said in English
        Assert.True(EnglishSentences.In(chinese) is [], $"{name}: {chinese}");

        // The words stored beside the facts do not matter: blanked or changed, the note is still said from the facts.
        foreach (var words in new[] { "", "something else entirely" })
        {
            var changed = entry with { Note = words };
            Assert.Equal(english, TimelineNotes.Note(changed, Grains.Texts.Texts.English));
            Assert.Equal(chinese, TimelineNotes.Note(changed, Grains.Texts.Texts.Chinese));
        }
        // Control: without its facts the same changed words are shown as stored, so the facts above did the work.
        Assert.Equal("something else entirely", TimelineNotes.Note(entry with { Note = "something else entirely", Said = null }, Grains.Texts.Texts.Chinese));
    }

    [Theory]
    [MemberData(nameof(Said))]
    public void The_facts_survive_the_journal_and_old_entries_keep_their_json(string name, TimelineEntry entry)
    {
        var json = JsonSerializer.Serialize(entry, JsonSerializerOptions.Web);
        var read = JsonSerializer.Deserialize<TimelineEntry>(json, JsonSerializerOptions.Web)!;
        Assert.Equal(entry.Said, read.Said);
        Assert.Equal(TimelineNotes.Note(entry, Grains.Texts.Texts.Chinese), TimelineNotes.Note(read with { Note = "" }, Grains.Texts.Texts.Chinese));

        // An entry without facts (as every journal from before holds) is written exactly as before: no "said".
        var old = JsonSerializer.Serialize(entry with { Said = null }, JsonSerializerOptions.Web);
        Assert.DoesNotContain("said", old, StringComparison.Ordinal);
        Assert.Contains("\"said\"", json, StringComparison.Ordinal);
        Assert.Equal(old, JsonSerializer.Serialize(JsonSerializer.Deserialize<TimelineEntry>(old, JsonSerializerOptions.Web), JsonSerializerOptions.Web));
        Assert.Null(JsonSerializer.Deserialize<TimelineEntry>(old, JsonSerializerOptions.Web)!.Said);
        _ = name;
    }

    /// <summary>The needs the service knows (skills and roles) with the words the dashboard uses for them.</summary>
    public static TheoryData<string, string> NeedWords() => new()
    {
        { "first-aid", "急救" }, { "elderly-care", "养老护理" }, { "flood-rescue", "防汛救援" }, { "firefighting", "消防" },
        { "psychological-support", "心理疏导" }, { "electrician", "电工" }, { "driver", "驾驶" },
        { "GridWorker", "网格员" }, { "Volunteer", "志愿者" }, { "SocialWorker", "社工" }, { "PropertyStaff", "物业人员" },
    };

    [Theory]
    [MemberData(nameof(NeedWords))]
    public void A_need_is_a_word_in_chinese_and_its_code_in_english(string code, string zh)
    {
        Assert.Equal(zh, Phrase.Need(code).In(Grains.Texts.Texts.Chinese));
        Assert.Equal(code, Phrase.Need(code).In(Grains.Texts.Texts.English));
        Assert.Equal($"resp-1 负责「{zh}」，预计 7 分钟到达",
            Phrase.Of("timeline.pick", "resp-1", Phrase.Need(code), 7).In(Grains.Texts.Texts.Chinese));
        Assert.Equal($"resp-1 for '{code}', ETA 7 min", Phrase.Of("timeline.pick", "resp-1", Phrase.Need(code), 7).In(Grains.Texts.Texts.English));
    }

    [Fact]
    public void Every_skill_and_role_of_the_city_and_the_playbooks_has_its_chinese_word_and_an_unknown_need_is_said_as_itself()
    {
        var playbooks = Playbooks.Load(SupplyCatalog.Load());
        var codes = playbooks.All.SelectMany(p => p.People).Select(n => n.Label)
            .Concat(Enum.GetNames<Grains.Geography.ResponderRole>())
            .Concat(NeedWords().Select(row => (string)row[0])).Distinct().ToList();
        Assert.True(codes.Count >= 11, string.Join(", ", codes));
        Assert.All(codes, code => Assert.DoesNotMatch("[A-Za-z]", Phrase.Need(code).In(Grains.Texts.Texts.Chinese)));
        Assert.Equal("rope-access", Phrase.Need("rope-access").In(Grains.Texts.Texts.Chinese));
        Assert.Equal("rope-access", Phrase.Need("rope-access").In(Grains.Texts.Texts.English));
    }

    [Fact]
    public void Every_supply_category_has_a_chinese_unit_and_a_shortage_says_it()
    {
        var supplies = SupplyCatalog.Load();
        Assert.All(supplies.All, c => Assert.Matches(@"^\p{IsCJKUnifiedIdeographs}+$", c.UnitZh));
        Assert.All(supplies.All, c => Assert.Equal(c.UnitZh, Phrase.Unit(c.Code).In(Grains.Texts.Texts.Chinese)));
        Assert.All(supplies.All, c => Assert.Equal(c.Unit, Phrase.Unit(c.Code).In(Grains.Texts.Texts.English)));

        var radios = SupplySearch.Shortage(new SupplyNeed("2050101", 2), supplies);
        Assert.Equal("对讲机 2 部", radios.In(Grains.Texts.Texts.Chinese));
        Assert.Equal("2 piece of Two-way radios", radios.In(Grains.Texts.Texts.English)); // as the journal always had it
        var water = SupplySearch.Shortage(new SupplyNeed("1010101", 3), supplies);
        Assert.Equal("最近的 6 个储备点缺少：对讲机 2 部、饮用水 3 瓶", SupplySearch.ShortageReason([radios, water]).In(Grains.Texts.Texts.Chinese));
        Assert.Equal("short of 2 piece of Two-way radios, 3 bottle of Drinking water in the 6 nearest stockpiles", SupplySearch.ShortageReason([radios, water]).ToString());
    }

    [Fact]
    public void Needs_and_units_in_chinese_notes_are_chinese_words_in_notes_written_now_and_in_those_from_before()
    {
        var shortfall = PeopleSearch.Shortfall([new PeopleNeed("first-aid", null, 1), new PeopleNeed(null, Grains.Geography.ResponderRole.GridWorker, 2)], [], Now)!.Value;
        Assert.Equal("跨区支援后仍无人可派：1 × 急救、2 × 网格员", shortfall.Reason.In(Grains.Texts.Texts.Chinese));
        Assert.Equal("no responder found for 1 × first-aid, 2 × GridWorker, even with mutual aid", shortfall.Reason.ToString());

        var decision = new DispatchDecision("inc-1", "500103", Now,
            [new ResponderPick("resp-0001", "first-aid", 12.4, 3.1, true, false, "nearest")],
            [new UnfilledNeed("GridWorker", 1, "none on duty")], ImmutableDictionary<string, ImmutableArray<CandidateEta>>.Empty, 4, 0, 1);
        var dispatched = new TimelineEntry.Dispatched(Now, "dispatch", PeopleSearch.Summary(decision), decision);
        Assert.Equal("resp-0001 负责「急救」，预计 12 分钟到达；未满足：1 × 网格员", TimelineNotes.Note(dispatched, Grains.Texts.Texts.Chinese));
        Assert.Equal(dispatched.Note, TimelineNotes.Note(dispatched, Grains.Texts.Texts.English));

        // Entries from before the facts were kept: read back from their words, the need and the unit said in Chinese too.
        Assert.Equal("「急救」已到场", TimelineNotes.Note(new TimelineEntry.OnScene(Now, "resp-0001", "'first-aid' OnScene", "resp-0001"), Grains.Texts.Texts.Chinese));
        Assert.Equal("最近的 6 个储备点缺少：饮用水 3 瓶",
            TimelineNotes.Note(new TimelineEntry.Escalated(Now, "dispatch", "short of 3 bottle of Drinking water in the 6 nearest stockpiles", EscalationCause.SuppliesShort), Grains.Texts.Texts.Chinese));
        Assert.Equal("跨区支援后仍无人可派：1 × 急救",
            TimelineNotes.Note(new TimelineEntry.Escalated(Now, "dispatch", "no responder found for 1 × first-aid, even with mutual aid", EscalationCause.NoResponder), Grains.Texts.Texts.Chinese));

        var reasons = new[] { Phrase.Of("why.nearest", Phrase.Need("elderly-care"), 9, "1.2"), Phrase.Of("why.kept-back", 1, 3, Phrase.Need("Volunteer")) };
        Assert.Equal("具备「养老护理」的最近人员（9 分钟，1.2 公里）；留作他处首次响应：在岗具备「志愿者」的 3 人中仅 1 人空闲", DispatchTexts.Why(reasons, Grains.Texts.Texts.Chinese));
        Assert.Equal("nearest with 'elderly-care' (9 min, 1.2 km); kept for first responses elsewhere: 1 of 3 on duty with 'Volunteer' are free", DispatchTexts.Why(reasons, Grains.Texts.Texts.English));
    }

    [Fact]
    public void Going_off_duty_is_said_from_its_facts()
    {
        var entry = new TimelineEntry.Released(Now, "resp-0001", "", "resp-0001").Saying(Phrase.Of("timeline.went-off-duty", "grid-500103001001"));
        Assert.Equal("went off duty (grid-500103001001)", entry.Note); // the words the responder grain always sent
        Assert.Equal("已下岗（grid-500103001001）", TimelineNotes.Note(entry with { Note = "" }, Grains.Texts.Texts.Chinese));
        Assert.Equal(entry.Note, TimelineNotes.Note(entry with { Note = "" }, Grains.Texts.Texts.English));
    }

    [Fact]
    public void An_alert_message_is_said_from_its_facts_and_old_messages_from_their_words()
    {
        var said = Phrase.Of("alert.cleared", "ALR-1", Phrase.Of("alert.acknowledged-by", "street-1"));
        var message = new CapMessageInfo("ALR-1-2", CapMsgType.Cancel, Now, "changed words", null) { Said = said };
        Assert.Equal("ALR-1 cleared: acknowledged by street-1", AlertTexts.Detail(message, Grains.Texts.Texts.English));
        Assert.Equal("ALR-1 已解除：已由 street-1 确认", AlertTexts.Detail(message, Grains.Texts.Texts.Chinese));
        var old = message with { Detail = said.ToString(), Said = null };
        Assert.Equal("ALR-1 已解除：已由 street-1 确认", AlertTexts.Detail(old, Grains.Texts.Texts.Chinese));
    }

    [Fact]
    public void What_an_operator_typed_stays_as_typed()
    {
        var closed = new TimelineEntry.Closed(Now, "street-1", "family took him home");
        Assert.Equal("family took him home", TimelineNotes.Note(closed, Grains.Texts.Texts.Chinese));
        Assert.Equal("family took him home", TimelineNotes.Rendered(closed, Grains.Texts.Texts.Chinese).Note);
    }

    /// <summary>Alert details as the grains write them (stock, meals, people on duty, clears), read in both languages.</summary>
    public static TheoryData<string> AlertDetails() =>
    [
        "below minimum: 1010101 饮用水, 1010201 方便食品",
        "expiring within 30 days: 1010101 饮用水 ×20 (2026-08-01)",
        "expired, still held: 1010101 饮用水 ×20 (2026-07-01)",
        "every category is at or above its minimum again",
        "nothing held expires soon any more",
        "no expired stock is held any more",
        "2026-07-20: 130 booked, capacity 100 (80 seats + 20 delivered), 30 over",
        "the day's meals are over",
        "1 on duty, minimum 3 for 2400 residents aged 60+",
        "3 on duty again, minimum 3",
        "resp-0001 on scene",
        "incident resolved: 老人已送医",
        "acknowledged by street-500103001",
        "ALR-500103001-no-responder-INC-1 raised 14:05, not acknowledged by 500103001",
        "ALR-500103001-no-responder-INC-1 cleared: resp-0001 on scene",
        "no responder found for 1 × first-aid, 2 × GridWorker, even with mutual aid",
    ];

    [Theory]
    [MemberData(nameof(AlertDetails))]
    public void An_alert_detail_reads_in_chinese_and_as_written_in_english(string detail)
    {
        var zh = AlertTexts.Detail(detail, Grains.Texts.Texts.Chinese);
        Assert.True(EnglishSentences.In(zh) is [], zh);
        Assert.NotEqual(detail, zh);
        Assert.Equal(detail, AlertTexts.Detail(detail, Grains.Texts.Texts.English));
    }
}
