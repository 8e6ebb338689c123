using System.Collections.Immutable;
using System.Text.Json;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

/// <summary>What an incident decides, tested as plain classes without a silo: intake, the search for people and supplies,
/// escalation, the deadline watch, and the timeline's JSON.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class IncidentRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 14, 0, 0, TimeSpan.FromHours(8));
    private static readonly Playbooks Books = Playbooks.Load(SupplyCatalog.Load());
    private static readonly ThreeSocial.Grains.Calendar.WorkingCalendar Calendar = new(ThreeSocial.Grains.Calendar.HolidayTable.Shipped());
    private static readonly Lazy<RegionCatalog> City = new(() => TestCities.Small(21, new CityScale(Streets: 6, UrbanCommunities: 30, Villages: 10), "500103", "500106"));
    private static Region Community => City.Value.City.Communities.First(c => c.Code.StartsWith("500103", StringComparison.Ordinal));
    private static (double Lon, double Lat) Scene => (Community.Area.InteriorPoint.X, Community.Area.InteriorPoint.Y);
    private static string IncidentHere => IncidentIds.For(Community.Code[..9], "key-1");

    private static ReportIncident Report(string subtype = "elderly-fall", Contact? contact = null, double? lon = null) =>
        new("key-1", subtype, Severity.Serious, lon ?? Scene.Lon, Scene.Lat, "一位老人摔倒 (an old man fell)", new PeopleInvolved(1), "grid-worker-1", contact);

    [Fact]
    public void Intake_fixes_the_place_from_the_point_and_the_deadlines_from_the_playbook()
    {
        var filed = IncidentIntake.Take(IncidentHere, Report("flood"), Books, City.Value, Calendar, Now);

        Assert.Equal(Community.Code, filed.Place.Community);
        Assert.Equal(Community.Code[..9], filed.Place.Street);
        Assert.Equal(ResponseKind.Emergency, filed.Response);
        Assert.Equal(Now + TimeSpan.FromHours(2), filed.Deadlines.OnSceneBy);
        Assert.Equal(RecentRequests.Fingerprint(Report("flood")), filed.Fingerprint);
    }

    [Fact]
    public void Intake_refuses_what_the_caller_got_wrong_naming_the_field()
    {
        Assert.Equal("Location", Assert.Throws<InvalidRequestException>(() => IncidentIntake.Take(IncidentHere, Report(lon: 120.0), Books, City.Value, Calendar, Now)).Field);
        var elsewhere = IncidentIds.For("500106001", "key-1");
        Assert.Contains("belongs to street 500106001", Assert.Throws<InvalidRequestException>(() => IncidentIntake.Take(elsewhere, Report(), Books, City.Value, Calendar, Now)).Message);
        Assert.Equal("contact.phone", Assert.Throws<InvalidRequestException>(() =>
            IncidentIntake.Take(IncidentHere, Report(contact: new Contact("王大爷", "call me")), Books, City.Value, Calendar, Now)).Field);
        Assert.Equal("People", Assert.Throws<InvalidRequestException>(() =>
            IncidentIntake.Take(IncidentHere, Report() with { People = new PeopleInvolved(-1) }, Books, City.Value, Calendar, Now)).Field);
    }

    private static Assignment Sent(string id, string need, double etaMinutes, AssignmentStatus status = AssignmentStatus.Dispatched) =>
        new(id, need, status, Now, etaMinutes, MutualAid: false);

    [Fact]
    public void The_people_still_missing_are_the_playbooks_needs_less_the_active_assignments_and_those_kept_back()
    {
        var playbook = Books.Get("elderly-fall");
        var first = playbook.People.Where(n => !n.IsFollowUp).ToList();
        Assert.Equal(first.Sum(n => n.Count), PeopleSearch.Missing(playbook, [], followUps: false).Sum(n => n.Count));

        var one = first[0];
        var covered = PeopleSearch.Missing(playbook, [Sent("r1", one.Label, 10)], followUps: false);
        Assert.Equal(first.Sum(n => n.Count) - 1, covered.Sum(n => n.Count));
        var keptBack = PeopleSearch.Missing(playbook, [], followUps: false, new Dictionary<string, int> { [one.Label] = one.Count });
        Assert.DoesNotContain(keptBack, n => n.Label == one.Label);
        Assert.All(PeopleSearch.Missing(playbook, [], followUps: true), n => Assert.True(n.IsFollowUp));
    }

    [Fact]
    public void A_neighbour_is_asked_for_what_is_missing_and_for_someone_in_time_only_when_nobody_here_is()
    {
        var late = new ResponderPick("r1", "first-aid", 150, 9, MeetsDeadline: false, MutualAid: false, "nearest");
        var missing = ImmutableArray.Create(new PeopleNeed(null, ResponderRole.SocialWorker, 1));

        Assert.True(PeopleSearch.NeedsNeighbour([], hasLead: false, latePicks: 1));
        Assert.False(PeopleSearch.NeedsNeighbour([], hasLead: true, latePicks: 1));
        Assert.False(PeopleSearch.NeedsNeighbour([], hasLead: false, latePicks: 0));
        Assert.Equal<PeopleNeed>([missing[0], new PeopleNeed("first-aid", null, 1)], PeopleSearch.ForNeighbour(missing, [late], hasLead: false));
        Assert.Equal<PeopleNeed>([missing[0]], PeopleSearch.ForNeighbour(missing, [late], hasLead: true));
        Assert.Equal(ResponderRole.SocialWorker, PeopleSearch.NeedFor("SocialWorker").Role);
    }

    [Fact]
    public void A_search_that_falls_short_escalates_nobody_found_before_nobody_in_time()
    {
        var respondBy = Now + TimeSpan.FromHours(2);
        var need = ImmutableArray.Create(new PeopleNeed("first-aid", null, 2));

        Assert.Equal(EscalationCause.NoResponder, PeopleSearch.Shortfall(need, [Sent("r1", "first-aid", 200)], respondBy)?.Cause);
        Assert.Equal(EscalationCause.Late, PeopleSearch.Shortfall([], [Sent("r1", "first-aid", 200)], respondBy)?.Cause);
        Assert.Contains("200 min", PeopleSearch.Shortfall([], [Sent("r1", "first-aid", 200)], respondBy)?.Reason.ToString(), StringComparison.Ordinal);
        Assert.Null(PeopleSearch.Shortfall([], [Sent("r1", "first-aid", 30)], respondBy));
        Assert.Null(PeopleSearch.Shortfall([], [], respondBy)); // nothing needed, nobody sent
    }

    [Fact]
    public void Supplies_are_sought_in_the_districts_nearest_stockpiles_only()
    {
        var place = new IncidentPlace(Scene.Lon, Scene.Lat, Community.Code + "001", Community.Code, Community.Code[..9], "500103");
        var nearest = SupplySearch.Nearest(City.Value.City, place);

        Assert.InRange(nearest.Count, 1, SupplySearch.NearestTried);
        Assert.All(nearest, s => Assert.StartsWith("500103", s.OwnerCode, StringComparison.Ordinal));
        var km = nearest.Select(s => EtaModel.GreatCircleKm(s.Location.X, s.Location.Y, place.Longitude, place.Latitude)).ToList();
        Assert.Equal(km.Order(), km);
        Assert.Contains(City.Value.City.Stockpiles, s => s.OwnerCode.StartsWith("500106", StringComparison.Ordinal)); // the neighbour has stockpiles it was not asked for
    }

    [Fact]
    public void Every_cause_of_escalation_has_an_alert_kind_and_a_name_that_reads_back()
    {
        foreach (var cause in Enum.GetValues<EscalationCause>())
        {
            Assert.Equal(cause, Escalations.Parse(cause.Name()));
            Assert.False(string.IsNullOrEmpty(cause.AlertKind()));
        }
        Assert.Equal("not-reported-up", EscalationCause.ReportUpMissed.AlertKind());
        Assert.True(EscalationCause.NoResponder.IsOverOnScene());
        Assert.False(EscalationCause.OnSceneMissed.IsOverOnScene());
        Assert.Equal(EscalationCause.FeedbackMissed, DeadlineKind.Feedback.MissedCause());
        Assert.Throws<FormatException>(() => Escalations.Parse("volcano"));
    }

    [Fact]
    public void Every_alert_kind_the_service_raises_has_its_rule_and_every_rule_is_raised()
    {
        var rules = AlertRules.Load(); // as the silo does at start: it throws on a kind without its rule, or a rule for no kind
        Assert.All(Enum.GetValues<EscalationCause>(), c => Assert.Contains(c.AlertKind(), AlertKinds.All));
        Assert.All(AlertKinds.All, kind => Assert.Equal(kind, rules.For(kind).Kind));
    }

    private static IncidentState Reported(ResponseKind response = ResponseKind.Emergency)
    {
        var filed = IncidentIntake.Take(IncidentHere, Report(response == ResponseKind.Emergency ? "flood" : "elderly-fall"), Books, City.Value, Calendar, Now);
        return new IncidentState().Apply(new TimelineEntry.Reported(Now, "grid-worker-1", "reported", filed));
    }

    [Fact]
    public void A_deadline_is_missed_only_by_what_has_not_happened_when_it_comes()
    {
        var state = Reported();
        Assert.Equal([DeadlineKind.ReportUp, DeadlineKind.OnScene], DeadlineWatch.Of(state.Report!.Deadlines).Select(d => d.Deadline));
        Assert.True(DeadlineWatch.IsMissed(DeadlineKind.ReportUp, state));
        Assert.False(DeadlineWatch.IsMissed(DeadlineKind.ReportUp, state.Apply(new TimelineEntry.Acknowledged(Now, "street", "has it"))));
        Assert.True(DeadlineWatch.IsMissed(DeadlineKind.OnScene, state));
        Assert.False(DeadlineWatch.IsMissed(DeadlineKind.OnScene, state.Apply(new TimelineEntry.Cancelled(Now, "street", "a false alarm"))));
        Assert.Equal([DeadlineKind.Feedback, DeadlineKind.Resolve], DeadlineWatch.MootOnceEnded(IncidentStage.Resolved));
        Assert.Equal(DeadlineKind.OnScene, DeadlineWatch.FromReminder("on-scene"));
        Assert.Null(DeadlineWatch.FromReminder(DeadlineWatch.Watch));
    }

    [Fact]
    public void The_watch_looks_next_at_the_first_thing_due_and_not_at_all_when_nothing_is()
    {
        var options = new DispatchOptions();
        var state = Reported();
        Assert.Equal(Now + options.WatchInterval, DeadlineWatch.NextWatch(state, needsUnfilled: false, Now, Now, options)); // supplies not yet sought
        Assert.Equal(Now + options.RetryUnfilledEvery, DeadlineWatch.NextWatch(state, needsUnfilled: true, Now, Now, options));

        var sought = state.Apply(new TimelineEntry.SuppliesIssued(Now, "dispatch", "none needed", []));
        Assert.Null(DeadlineWatch.NextWatch(sought, needsUnfilled: false, Now, Now, options));
        var decision = new DispatchDecision("INC", "500103", Now, [new ResponderPick("r1", "first-aid", 10, 1, true, false, "nearest")], [],
            ImmutableDictionary<string, ImmutableArray<CandidateEta>>.Empty, 1, 0, 1);
        var waiting = sought.Apply(new TimelineEntry.Dispatched(Now, "dispatch", "r1", decision));
        Assert.Equal(Now + options.AcceptTimeout, DeadlineWatch.NextWatch(waiting, needsUnfilled: false, Now, Now, options));
        Assert.Single(DeadlineWatch.Unaccepted(waiting, Now + options.AcceptTimeout, options.AcceptTimeout));
        Assert.Empty(DeadlineWatch.Unaccepted(waiting, Now + options.AcceptTimeout - TimeSpan.FromSeconds(1), options.AcceptTimeout));
    }

    [Fact]
    public void Timeline_entries_keep_their_flat_json_shape_and_read_the_previous_versions_lines()
    {
        var escalated = new TimelineEntry.Escalated(Now, "dispatch", "no responder found", EscalationCause.NoResponder);
        var json = JsonSerializer.Serialize<TimelineEntry>(escalated, GrainStateJson.Options);
        Assert.Contains("\"kind\":10", json, StringComparison.Ordinal);
        Assert.Contains("\"cause\":\"no-responder\"", json, StringComparison.Ordinal);
        Assert.Equal(escalated, JsonSerializer.Deserialize<TimelineEntry>(json, GrainStateJson.Options));

        // As the previous version wrote them (7b48ec8): every field present, most of them null.
        const string Missed = """{"at":"2026-11-28T01:20:39+08:00","actor":"system","kind":13,"note":"report-up","responderId":null,"report":null,"decision":null,"supplies":null,"cause":null}""";
        Assert.Equal(DeadlineKind.ReportUp, Assert.IsType<TimelineEntry.DeadlineMissed>(JsonSerializer.Deserialize<TimelineEntry>(Missed, GrainStateJson.Options)).Deadline);
        const string Released = """{"at":"2026-11-28T01:20:39+08:00","actor":"dispatch","kind":11,"note":"declined","responderId":"r1","report":null,"decision":null,"supplies":null,"cause":null}""";
        Assert.Equal("r1", Assert.IsType<TimelineEntry.Released>(JsonSerializer.Deserialize<TimelineEntry>(Released, GrainStateJson.Options)).ResponderId);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<TimelineEntry>(Released.Replace("\"r1\"", "null", StringComparison.Ordinal), GrainStateJson.Options));
    }
}
