using ThreeSocial.Grains.Stockpiles;
using NetTopologySuite.Geometries;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Silo.Simulation;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

/// <summary>
/// Small worlds where the best plan is known. Everyone walks (3 min to set off, then 18.7 min per km at a detour of
/// 1.4) and answers the same way unless a case says otherwise: accepts in 2 min, travels at exactly the ETA, and is
/// busy 40 min on a scene. 0.02° of latitude is 2.22 km, about 46.5 min away on foot.
/// </summary>
[Trait("Category", TestCategory.Unit)]
public sealed class HindsightPlanTests
{
    private static readonly RegionCatalog Catalog = RegionCatalog.OfDemoCity(42);
    private static readonly EtaModel Eta = new(new EtaOptions { UrbanDetourFactor = 1.4, RuralDetourFactor = 1.4 });
    private static readonly DateTimeOffset Start = new(2026, 7, 20, 22, 0, 0, TimeSpan.FromHours(8));
    private static readonly Region Community = Catalog.Children(Catalog.Children("500103")[0].Code)[0];
    private static readonly Point Here = Community.Area.InteriorPoint;
    private static readonly SimulatedAnswer Steady = new(false, TimeSpan.FromMinutes(2), 1.0, TimeSpan.FromMinutes(40));

    private static IncidentView Emergency(string id, double northDegrees, TimeSpan after = default)
    {
        var at = Start + after;
        var place = new IncidentPlace(Here.X, Here.Y + northDegrees, Community.Code + "001", Community.Code, Community.ParentCode!, "500103");
        var report = new IncidentReport("elderly-fall", IncidentClass.PublicHealth, ResponseKind.Emergency, Severity.Serious, place, "fell",
            new PeopleInvolved(), "grid-worker", at, Deadlines.For(ResponseKind.Emergency, at, new ThreeSocial.Grains.Calendar.WorkingCalendar(ThreeSocial.Grains.Calendar.HolidayTable.Shipped())), "");
        return new IncidentView(id, IncidentStage.Reported, report, [], [], [], null, false);
    }

    private static ResponderSeed FirstAider(string id, double northDegrees) =>
        new($"{Community.Code}-{id}", ResponderRole.Volunteer, Community.Code, ["first-aid"], TravelMode.Walk, new Point(Here.X, Here.Y + northDegrees),
            [new Certificate(Certificate.FirstAid, new DateOnly(2030, 1, 1))]);

    private static Hindsight Plan(IReadOnlyList<IncidentView> incidents, IReadOnlyList<ResponderSeed> people, Func<string, string, SimulatedAnswer>? answers = null) =>
        HindsightPlan.Compute(incidents, people, Catalog, Playbooks.Load(SupplyCatalog.Load()), Eta, answers ?? ((_, _) => Steady));

    [Fact]
    public void Two_scenes_each_only_one_person_can_reach_get_a_person_each_whatever_came_first()
    {
        // X (here) reaches A (2.2 km north) and B (2.2 km south) in 46.5 min; Y (6.7 km north) reaches only A, in 88 min.
        // Sending the nearest to A, which came first, would leave B with nobody in time; and nobody can do both in turn.
        var a = Emergency("A", 0.02);
        var b = Emergency("B", -0.02, TimeSpan.FromMinutes(1));

        var plan = Plan([a, b], [FirstAider("X", 0), FirstAider("Y", 0.06)]);

        Assert.Equal((2, 2, 1.0), (plan.Emergencies, plan.OnSceneWithin2h, plan.Share));
        Assert.Equal(2, plan.ReachableAlone);
    }

    [Fact]
    public void One_person_handles_two_scenes_in_turn_when_the_second_deadline_allows()
    {
        // On A's scene at 5 min, free at 45; B is at the same place: on scene at 50 min, well within B's 2 hours.
        var plan = Plan([Emergency("A", 0), Emergency("B", 0)], [FirstAider("X", 0)]);

        Assert.Equal(2, plan.OnSceneWithin2h);
    }

    [Fact]
    public void Two_far_apart_scenes_at_once_and_one_person_make_one_in_time_though_each_alone_was_reachable()
    {
        // A and B are 4.4 km apart: after A (free at 86.5 min) B would be reached at 174 min.
        var plan = Plan([Emergency("A", 0.02), Emergency("B", -0.02)], [FirstAider("X", 0)]);

        Assert.Equal((1, 2), (plan.OnSceneWithin2h, plan.ReachableAlone));
        Assert.Equal(0.5, plan.Share);
    }

    [Fact]
    public void Someone_who_never_reads_the_message_is_not_counted_on()
    {
        var plan = Plan([Emergency("A", 0)], [FirstAider("X", 0)], (_, _) => Steady with { IgnoresPhone = true });

        Assert.Equal((0, 0), (plan.OnSceneWithin2h, plan.ReachableAlone));
    }

    [Fact]
    public void People_too_far_for_the_deadline_or_without_the_skill_do_not_count()
    {
        // 9 km south walking is over 2 h away; the nearby one has no first-aid certificate.
        var far = FirstAider("FAR", -0.08);
        var untrained = FirstAider("NEAR", 0) with { Certificates = [] };

        var plan = Plan([Emergency("A", 0)], [far, untrained]);

        Assert.Equal((0, 0), (plan.OnSceneWithin2h, plan.ReachableAlone));
    }
}
