using System.Collections.Immutable;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;
using Xunit;

namespace ThreeSocial.Tests.Dispatch;

[Trait("Category", TestCategory.Unit)]
public sealed class JointPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 20, 14, 0, 0, TimeSpan.FromHours(8));
    private static readonly EtaModel Eta = new(new EtaOptions { UrbanDetourFactor = 1.0 });

    // About 1.11 km per 0.01° of latitude; everyone walks (4.5 km/h, 3 min to set off).
    private static ResponderAvailability Walker(string id, double latitude, string skill = "first-aid", DateTimeOffset? seen = null) =>
        new($"500103001001-{id}", ResponderRole.Volunteer, [skill], TravelMode.Walk, "500103001001",
            new Whereabouts(106.5, latitude, seen ?? Now), DutyState.Available, 1);

    private static DispatchRequest Incident(string id, double latitude, TimeSpan respondWithin, Severity severity = Severity.Serious, string skill = "first-aid") =>
        new(id, 106.5, latitude, "500103001", "500103001001", true, severity, Now + respondWithin,
            [new PeopleNeed(skill, null, 1)], ImmutableHashSet<string>.Empty);

    private static IReadOnlyList<DispatchDecision> Plan(IEnumerable<DispatchRequest> requests, params ResponderAvailability[] pool) =>
        JointPlanner.Plan([.. requests], pool, Eta, "500103", "500103", Now);

    private static IReadOnlyList<DispatchDecision> PlanNearestFirst(IEnumerable<DispatchRequest> requests, params ResponderAvailability[] pool) =>
        JointPlanner.Plan([.. requests], pool, Eta, "500103", "500103", Now, DispatchStrategy.NearestFirst);

    [Fact]
    public void Competing_incidents_are_decided_together_so_both_meet_their_deadlines()
    {
        // ETA walking = 3 min + 13.3 min per km. A (critical, decided first) at 29.50 must be reached in 65 min;
        // B at 29.56 in 50 min. SHARED, halfway, reaches either in 47.5 min; SPARE reaches A in 62 min and B never.
        // First-come nearest-unit sends SHARED to A and leaves B with nobody in time.
        var a = Incident("A", 29.50, TimeSpan.FromMinutes(65), Severity.Critical);
        var b = Incident("B", 29.56, TimeSpan.FromMinutes(50));

        var decisions = Plan([a, b], Walker("SHARED", 29.53), Walker("SPARE", 29.46));

        var forA = decisions.Single(d => d.IncidentId == "A").Picks.Single();
        var forB = decisions.Single(d => d.IncidentId == "B").Picks.Single();
        Assert.EndsWith("SPARE", forA.ResponderId);
        Assert.EndsWith("SHARED", forB.ResponderId);
        Assert.All(decisions, d => Assert.True(d.MeetsDeadline, d.IncidentId));
        Assert.Contains("kept for B", forA.Why);
        Assert.Equal(1, decisions.Single(d => d.IncidentId == "A").Priority);
        // The reasons are kept as facts: the same decision reads in Chinese, with the same figures and the same incident.
        var chinese = ThreeSocial.Grains.Texts.DispatchTexts.Localised(decisions.Single(d => d.IncidentId == "A"), ThreeSocial.Grains.Texts.Texts.Chinese).Picks.Single().Why;
        Assert.Equal(["why.nearer-kept"], forA.Reasons.Select(r => r.Key));
        var facts = forA.Reasons[0].Args.Select(a => a.Value).ToArray();
        Assert.Equal($"{facts[0]} 分钟；更近的 {facts[1]}（{facts[2]} 分钟）留给 B，那里能及时赶到的人很少", chinese);
        Assert.Equal(forA.Why, ThreeSocial.Grains.Texts.DispatchTexts.Why(forA.Reasons, ThreeSocial.Grains.Texts.Texts.English));

        // The baseline, on the same incidents and people, misses B's deadline.
        var baseline = PlanNearestFirst([a, b], Walker("SHARED", 29.53), Walker("SPARE", 29.46));
        Assert.EndsWith("SHARED", baseline.Single(d => d.IncidentId == "A").Picks.Single().ResponderId);
        Assert.False(baseline.Single(d => d.IncidentId == "B").MeetsDeadline);
    }

    [Fact]
    public void Of_equal_severity_the_incident_with_least_slack_goes_first_whatever_arrived_first()
    {
        var early = Incident("EARLY", 29.500, TimeSpan.FromMinutes(60));
        var tight = Incident("TIGHT", 29.530, TimeSpan.FromMinutes(15));

        var decisions = Plan([early, tight], Walker("ONLY", 29.525)); // 10 min from TIGHT, 40 min from EARLY

        Assert.EndsWith("ONLY", decisions.Single(d => d.IncidentId == "TIGHT").Picks.Single().ResponderId);
        Assert.Empty(decisions.Single(d => d.IncidentId == "EARLY").Picks);
    }

    [Fact]
    public void When_only_one_responder_can_go_the_most_severe_incident_gets_them()
    {
        var minor = Incident("MINOR", 29.50, TimeSpan.FromMinutes(30), Severity.General);
        var critical = Incident("CRITICAL", 29.50, TimeSpan.FromMinutes(30), Severity.Critical);

        var decisions = Plan([minor, critical], Walker("ONLY", 29.51));

        Assert.Single(decisions.Single(d => d.IncidentId == "CRITICAL").Picks);
        var left = decisions.Single(d => d.IncidentId == "MINOR");
        Assert.Empty(left.Picks);
        Assert.Equal("first-aid", left.Unfilled.Single().Need);
        Assert.Equal(1, left.CompetingIncidents);
    }

    [Fact]
    public void Nobody_is_sent_to_arrive_late_where_another_incident_could_have_been_reached_in_time()
    {
        var hopeless = Incident("HOPELESS", 29.40, TimeSpan.FromMinutes(20), Severity.Critical); // 11 km: nobody walks that in 20 min
        var savable = Incident("SAVABLE", 29.52, TimeSpan.FromMinutes(30), Severity.General);

        var ours = Plan([hopeless, savable], Walker("ONLY", 29.51));
        var baseline = PlanNearestFirst([hopeless, savable], Walker("ONLY", 29.51));

        Assert.True(ours.Single(d => d.IncidentId == "SAVABLE").MeetsDeadline);
        Assert.Empty(ours.Single(d => d.IncidentId == "HOPELESS").Picks);
        Assert.Single(baseline.Single(d => d.IncidentId == "HOPELESS").Picks); // arrival order: sent, and late
        Assert.Empty(baseline.Single(d => d.IncidentId == "SAVABLE").Picks);
    }

    [Fact]
    public void Skills_exclusions_and_duty_decide_who_is_a_candidate()
    {
        var request = Incident("X", 29.50, TimeSpan.FromHours(2)) with { Exclude = ["500103001001-DECLINED"] };
        var busy = Walker("BUSY", 29.50) with { Duty = DutyState.Assigned };

        var decision = Plan([request], busy, Walker("DECLINED", 29.50), Walker("WRONG", 29.50, "electrician"), Walker("RIGHT", 29.58)).Single();

        Assert.EndsWith("RIGHT", decision.Picks.Single().ResponderId);
        Assert.Single(decision.Considered["first-aid"]);
    }

    [Fact]
    public void Nobody_in_time_still_sends_the_earliest_and_says_the_deadline_is_not_met()
    {
        var decision = Plan([Incident("X", 29.50, TimeSpan.FromMinutes(10))], Walker("SLOW", 29.60)).Single();

        var pick = decision.Picks.Single();
        Assert.False(pick.MeetsDeadline);
        Assert.False(decision.MeetsDeadline);
        Assert.Contains("escalated", pick.Why);
    }

    [Fact]
    public void A_stale_position_costs_time_so_a_fresher_one_a_little_further_wins()
    {
        var decision = Plan([Incident("X", 29.50, TimeSpan.FromHours(2))],
            Walker("STALE", 29.505, seen: Now.AddHours(-3)),    // 0.56 km, but seen 3 h ago: +30 min
            Walker("FRESH", 29.52)).Single();                   // 2.2 km, seen now: ~33 min

        Assert.EndsWith("FRESH", decision.Picks.Single().ResponderId);
    }

    private static DispatchRequest Team(string id, double latitude, int count, bool hasLead = false) =>
        Incident(id, latitude, TimeSpan.FromHours(2)) with { Needs = [new PeopleNeed("first-aid", null, count)], HasLead = hasLead };

    [Fact]
    public void Every_incident_of_a_round_gets_someone_in_time_before_any_gets_a_second_person()
    {
        // Each asks for three; four people can reach both. A full team for the first would leave the second one.
        var people = Enumerable.Range(1, 4).Select(i => Walker($"P{i}", 29.50 + i * 0.001)).ToArray();

        var decisions = Plan([Team("FIRST", 29.50, 3), Team("SECOND", 29.51, 3)], people);

        Assert.All(decisions, d => Assert.True(d.Picks.Length >= 1, d.IncidentId));
        Assert.Equal(4, decisions.Sum(d => d.Picks.Length));
        // The baseline fills the first call's team before it looks at the second.
        var baseline = PlanNearestFirst([Team("FIRST", 29.50, 3), Team("SECOND", 29.51, 3)], people);
        Assert.Equal((3, 1), (baseline[0].Picks.Length, baseline[1].Picks.Length));
    }

    [Fact]
    public void Further_needs_leave_the_last_free_people_with_a_skill_for_scenes_that_have_nobody_yet()
    {
        // Someone is already on the way to X; it asks for two more first-aiders. Of four on duty three are free.
        var people = new[] { Walker("P1", 29.50), Walker("P2", 29.501), Walker("P3", 29.502), Walker("P4", 29.503) with { Duty = DutyState.Assigned } };
        var furtherNeeds = Team("X", 29.50, 2, hasLead: true);

        var halfKept = JointPlanner.Plan([furtherNeeds], people, Eta, "500103", "500103", Now, reserve: 0.5).Single();
        var noneKept = JointPlanner.Plan([furtherNeeds], people, Eta, "500103", "500103", Now, reserve: 0).Single();

        // With half kept free, one more goes (3 free of 4 → 2 free, still half); the second waits, and says why.
        var waiting = halfKept.Unfilled.Single();
        Assert.Single(halfKept.Picks);
        Assert.True(waiting.Deferred);
        Assert.Equal(1, waiting.Missing);
        Assert.Contains("kept for first responses", waiting.Why);
        Assert.StartsWith("留作他处首次响应：", ThreeSocial.Grains.Texts.DispatchTexts.Why([waiting.Reason!], ThreeSocial.Grains.Texts.Texts.Chinese));
        Assert.Equal(2, noneKept.Picks.Length);

        // A scene with nobody yet gets its first person from the same pool, whatever is kept.
        var first = JointPlanner.Plan([Team("Y", 29.50, 2)], people, Eta, "500103", "500103", Now, reserve: 0.99).Single();
        Assert.Single(first.Picks);
        Assert.True(first.Unfilled.Single().Deferred);
    }
}
