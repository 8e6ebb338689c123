using System.Xml.Linq;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

/// <summary>Alerts raised by real incidents on the real runtime, on virtual time (the acknowledgement times pass when a test lets them).</summary>
[Trait("Category", TestCategory.Grain)]
public sealed class AlertTests() : IncidentTest
{
    private static readonly XNamespace Cap = CapWriter.Cap;
    private static readonly AlertRules Rules = AlertRules.Load();

    private static string Street => Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code;

    [Fact]
    public async Task A_storm_with_nobody_on_duty_raises_alerts_of_every_incident_kind_and_every_CAP_message_is_valid()
    {
        string[] subtypes = ["flood", "landslide", "elderly-fall", "fire", "elderly-illness", "person-missing", "welfare-check", "utility-outage"];
        for (var i = 0; i < 16; i++)
            await Grains.GetGrain<IIncidentGrain>(IncidentIds.For(Street, $"storm-{i}")).Report(Report($"storm-{i}", subtypes[i % subtypes.Length], (Severity)(i % 4)));
        // Nobody acknowledges: report-up deadlines pass (15 min), and the street's acknowledgement time (15 min in 渝中)
        // of its first alerts; an hour of virtual time is far more than both need.
        var expected = new HashSet<string> { "no-responder", "supplies-short", "not-reported-up" };
        await Clock.PassUntil(async () =>
            (await Grains.GetGrain<IAlertInboxGrain>("500103").List(null, "not-acknowledged", 500)).Length > 0
            && expected.IsSubsetOf((await Grains.GetGrain<IAlertInboxGrain>(Street).List(null, null, 500)).Select(e => e.Kind)),
            "every kind of alert at the street, and unacknowledged ones at the district", TimeSpan.FromHours(1));

        var street = await Grains.GetGrain<IAlertInboxGrain>(Street).List(null, null, 500);
        var district = await Grains.GetGrain<IAlertInboxGrain>("500103").List(null, null, 500);
        Assert.Superset(expected, street.Select(e => e.Kind).ToHashSet());
        var messages = 0;
        foreach (var entry in street.Concat(district))
        {
            var alert = (await Grains.GetGrain<IAlertGrain>(entry.AlertId).Get())!;
            foreach (var message in alert.Messages)
            {
                var cap = CapWriter.Write(alert, message, Catalog, Rules);
                CapSchema.AssertValid(cap);
                messages++;
            }
        }
        Assert.True(messages >= street.Length + district.Length);
        var escalation = (await Grains.GetGrain<IAlertGrain>(district.First(e => e.Kind == "not-acknowledged").AlertId).Get())!;
        // The district's alert is stored first, then the street's notes where it went.
        await Eventually.True(async () => (await Grains.GetGrain<IAlertGrain>(escalation.EscalationOf!).Get())!.EscalatedTo == escalation.Id,
            "the street's alert names the district's");
        var original = (await Grains.GetGrain<IAlertGrain>(escalation.EscalationOf!).Get())!;
        Assert.Contains(original.Messages[0].Identifier, escalation.Messages[0].References); // the district's alert refers to the street's
        Assert.Equal("NaturalDisaster", (await Grains.GetGrain<IAlertGrain>(street.First(e => e.Subject.EndsWith(IncidentIds.For(Street, "storm-0")[^12..], StringComparison.Ordinal)).AlertId).Get())!.EventClass);
    }

    [Fact]
    public async Task Raising_again_sends_an_Update_and_clearing_a_Cancel_each_referring_to_what_came_before()
    {
        var id = AlertIds.For(Street, "no-responder", "INC-test");
        var alert = Grains.GetGrain<IAlertGrain>(id);
        AlertCondition Condition(string detail) => new("no-responder", Street, "500103", "INC-test", detail, Clock.GetUtcNow(), "PublicHealth");

        await alert.Raise(Condition("无人具备急救技能"));
        Assert.Equal(["acknowledge-by"], await RemindersOf("alert", id)); // the street office's time to acknowledge
        Assert.Single((await alert.Raise(Condition("无人具备急救技能"))).Messages); // the same words again: nothing new to send
        await alert.Raise(Condition("仍无人具备急救技能"));
        var cleared = (await alert.Clear("志愿者已到场"))!;

        Assert.Equal([CapMsgType.Alert, CapMsgType.Update, CapMsgType.Cancel], cleared.Messages.Select(m => m.MsgType));
        Assert.Null(cleared.Messages[0].References);
        Assert.Contains(cleared.Messages[0].Identifier, cleared.Messages[1].References);
        Assert.Contains(cleared.Messages[1].Identifier, cleared.Messages[2].References);
        Assert.Equal(AlertStatus.Cleared, cleared.Status);
        Assert.Empty(await RemindersOf("alert", id));
        foreach (var m in cleared.Messages) CapSchema.AssertValid(CapWriter.Write(cleared, m, Catalog, Rules));
        var cancel = CapWriter.Write(cleared, cleared.Messages[2], Catalog, Rules);
        Assert.Equal("AllClear", cancel.Descendants(Cap + "responseType").First().Value);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", cancel.Root!.Element(Cap + "sent")!.Value);
        await Assert.ThrowsAsync<ThreeSocial.Grains.Common.DomainRuleException>(() => alert.Acknowledge("street-office", null));

        var again = await alert.Raise(Condition("nobody again"));
        Assert.Equal(CapMsgType.Alert, again.Messages[^1].MsgType); // the condition came back: a new alert, same history
        Assert.Equal(4, again.Messages.Length);
        Assert.Equal(AlertStatus.Open, again.Status);
    }

    [Fact]
    public async Task An_acknowledged_alert_does_not_escalate_and_someone_on_scene_clears_the_incident_s_alert()
    {
        var incident = Grains.GetGrain<IIncidentGrain>(IncidentIds.For(Street, "ack-1"));
        var control = Grains.GetGrain<IIncidentGrain>(IncidentIds.For(Street, "unack-1")); // the same, at the same moment, left unacknowledged
        await incident.Report(Report("ack-1", "welfare-check", Severity.General));
        await control.Report(Report("unack-1", "welfare-check", Severity.General));
        var noResponder = Grains.GetGrain<IAlertGrain>(AlertIds.For(Street, "no-responder", IncidentIds.For(Street, "ack-1")));
        var unacknowledged = Grains.GetGrain<IAlertGrain>(AlertIds.For(Street, "no-responder", IncidentIds.For(Street, "unack-1")));
        await Eventually.True(async () => await noResponder.Get() is { Status: AlertStatus.Open } && await unacknowledged.Get() is { Status: AlertStatus.Open }, "nobody on duty: an alert each");

        var acknowledged = await noResponder.Acknowledge("street-office-1", "calling the community");
        Assert.Equal(AlertStatus.Acknowledged, acknowledged.Status);
        Assert.Equal("street-office-1", acknowledged.Acknowledged!.Actor);
        // Past the acknowledgement time, until the control has escalated: the acknowledged one had the same chance.
        await Clock.PassUntil(async () => (await unacknowledged.Get())!.EscalatedTo is not null, "the unacknowledged control escalates", TimeSpan.FromHours(1));
        await Clock.Pass(TimeSpan.FromMinutes(2)); // two more ticks of the reminders' one-minute grid, in case its own came after
        Assert.Null((await noResponder.Get())!.EscalatedTo);

        var worker = Qualified("elderly-care")[0];
        await OnDuty(worker, 0.5);
        var view = await PassUntil(incident, v => v.Assignments.Any(a => a.ResponderId == worker.Id), "the retry finds the worker", TimeSpan.FromHours(1));
        await incident.Accept(worker.Id, worker.Id);
        await incident.Advance(worker.Id, IncidentStage.OnScene, worker.Id);
        var cleared = (await noResponder.Get())!;
        Assert.Equal(AlertStatus.Cleared, cleared.Status);
        Assert.Equal(CapMsgType.Cancel, cleared.Messages[^1].MsgType);
    }

    [Fact]
    public async Task A_stockpile_falling_below_its_minimum_alerts_its_street_office_and_restocking_cancels_the_alert()
    {
        var site = Catalog.City.Stockpiles.First(s => s.OwnerCode.Length == 12 && s.OwnerCode.StartsWith("500103", StringComparison.Ordinal));
        var stockpile = Grains.GetGrain<ThreeSocial.Grains.Stockpiles.IStockpileGrain>(site.Id);
        var street = site.OwnerCode[..9];
        var alert = Grains.GetGrain<IAlertGrain>(AlertIds.For(street, "stock-below-minimum", site.Id));
        foreach (var category in ThreeSocial.Grains.Stockpiles.SupplyCatalog.Load().All)
            await stockpile.SetMinimum(new ThreeSocial.Grains.Stockpiles.SetMinimumLevel($"min-{category.Code}", category.Code, 0, "depot"));
        Assert.True(await alert.Get() is null or { Status: AlertStatus.Cleared }, "nothing is low: no open alert");

        await stockpile.SetMinimum(new ThreeSocial.Grains.Stockpiles.SetMinimumLevel("min-sandbags", "3010101", 500, "depot"));
        var raised = (await alert.Get())!;
        Assert.Equal(AlertStatus.Open, raised.Status);
        Assert.Equal(CapMsgType.Alert, raised.Messages[^1].MsgType);
        Assert.Equal(site.Id, raised.Subject);
        Assert.Equal("below minimum: 3010101 沙袋", raised.Messages[^1].Detail);
        CapSchema.AssertValid(CapWriter.Write(raised, raised.Messages[^1], Catalog, Rules));
        Assert.Contains(await Grains.GetGrain<IAlertInboxGrain>(street).List(AlertStatus.Open, "stock-below-minimum", 10), e => e.Subject == site.Id);

        await stockpile.Receive(new ThreeSocial.Grains.Stockpiles.ReceiveSupplies("restock", "3010101", 600, null, "depot", "from the district depot"));
        var cleared = (await alert.Get())!;
        Assert.Equal(AlertStatus.Cleared, cleared.Status);
        Assert.Equal(CapMsgType.Cancel, cleared.Messages[^1].MsgType);
    }

    [Fact]
    public async Task Stock_expiring_within_30_days_and_expired_stock_still_held_each_alert_the_street_office_and_clear_when_gone()
    {
        var site = Catalog.City.Stockpiles.Last(s => s.OwnerCode.Length == 12); // not the one the low-stock test uses
        var stockpile = Grains.GetGrain<ThreeSocial.Grains.Stockpiles.IStockpileGrain>(site.Id);
        var street = site.OwnerCode[..9];
        var expiring = Grains.GetGrain<IAlertGrain>(AlertIds.For(street, "stock-expiring", site.Id));
        var expired = Grains.GetGrain<IAlertGrain>(AlertIds.For(street, "stock-expired", site.Id));
        var today = ThreeSocial.Grains.Common.ChongqingTime.Today(Clock);

        await stockpile.Receive(new ThreeSocial.Grains.Stockpiles.ReceiveSupplies("water-late", "1010101", 500, today.AddDays(200), "depot", null));
        Assert.Null(await expiring.Get()); // far from its date: nothing to say
        await stockpile.Receive(new ThreeSocial.Grains.Stockpiles.ReceiveSupplies("water-soon", "1010101", 50, today.AddDays(10), "depot", null));
        var raised = (await expiring.Get())!;
        Assert.Equal((AlertStatus.Open, CapMsgType.Alert), (raised.Status, raised.Messages[^1].MsgType));
        Assert.Equal($"expiring within 30 days: 1010101 饮用水 ×50 ({today.AddDays(10):yyyy-MM-dd})", raised.Messages[^1].Detail);
        CapSchema.AssertValid(CapWriter.Write(raised, raised.Messages[^1], Catalog, Rules));

        await stockpile.Issue(new ThreeSocial.Grains.Stockpiles.IssueSupplies("use-soon", "1010101", 50, "depot", "first expiry first"));
        Assert.Equal((AlertStatus.Cleared, CapMsgType.Cancel), ((await expiring.Get())!.Status, (await expiring.Get())!.Messages[^1].MsgType));

        await stockpile.Receive(new ThreeSocial.Grains.Stockpiles.ReceiveSupplies("water-old", "1010101", 7, today.AddDays(-2), "depot", "found in the back"));
        var stale = (await expired.Get())!;
        Assert.Equal(AlertStatus.Open, stale.Status);
        Assert.StartsWith("expired, still held: 1010101 饮用水 ×7", stale.Messages[^1].Detail);
        Assert.Contains(await Grains.GetGrain<IAlertInboxGrain>(street).List(AlertStatus.Open, "stock-expired", 10), e => e.Subject == site.Id);

        await stockpile.WriteOffExpired(new ThreeSocial.Grains.Stockpiles.WriteOffExpired("write-off", "depot"));
        Assert.Equal(AlertStatus.Cleared, (await expired.Get())!.Status);
    }

    [Fact]
    public async Task Meal_bookings_beyond_canteen_and_delivery_capacity_alert_the_street_office_and_more_bookings_update_it()
    {
        var community = Catalog.City.Communities[^1];
        var profile = Catalog.Profile(community.Code)!;
        var capacity = profile.CanteenSeats + profile.DeliveryCapacity;
        var grain = Grains.GetGrain<ThreeSocial.Grains.Communities.ICommunityGrain>(community.Code);
        var alert = Grains.GetGrain<IAlertGrain>(AlertIds.For(community.Code[..9], "meals-over-capacity", community.Code));

        await grain.RecordMeals(new ThreeSocial.Grains.Communities.MealRecord("m1", capacity, 0, "canteen"));
        Assert.Null(await alert.Get()); // exactly at capacity: nothing to say
        await grain.RecordMeals(new ThreeSocial.Grains.Communities.MealRecord("m2", 5, 0, "canteen"));
        var raised = (await alert.Get())!;
        Assert.Equal((AlertStatus.Open, CapMsgType.Alert), (raised.Status, raised.Messages[^1].MsgType));
        Assert.EndsWith($"{capacity + 5} booked, capacity {capacity} ({profile.CanteenSeats} seats + {profile.DeliveryCapacity} delivered), 5 over", raised.Messages[^1].Detail);
        CapSchema.AssertValid(CapWriter.Write(raised, raised.Messages[^1], Catalog, Rules));

        await grain.RecordMeals(new ThreeSocial.Grains.Communities.MealRecord("m3", 0, 20, "canteen")); // served, not booked: no news
        Assert.Single((await alert.Get())!.Messages);
        await grain.RecordMeals(new ThreeSocial.Grains.Communities.MealRecord("m4", 3, 0, "canteen"));
        var updated = (await alert.Get())!;
        Assert.Equal(CapMsgType.Update, updated.Messages[^1].MsgType);
        Assert.EndsWith("8 over", updated.Messages[^1].Detail);
    }

    [Fact]
    public async Task People_going_off_duty_below_the_communitys_minimum_alert_the_street_office_and_coming_back_cancels_it()
    {
        var community = Catalog.City.Communities.First(c => Catalog.Profile(c.Code)!.Elderly60Plus > 0
            && Catalog.City.Responders.Count(r => r.HomeCommunity == c.Code) >= Math.Ceiling(Catalog.Profile(c.Code)!.Elderly60Plus / 1000.0) + 1
            && c.Code != Community.Code);
        var minimum = (int)Math.Max(1, Math.Ceiling(Catalog.Profile(community.Code)!.Elderly60Plus / 1000.0));
        var people = Catalog.City.Responders.Where(r => r.HomeCommunity == community.Code).Take(minimum + 1).ToList();
        var alert = Grains.GetGrain<IAlertGrain>(AlertIds.For(community.Code[..9], "coverage-low", community.Code));
        var grain = Grains.GetGrain<ThreeSocial.Grains.Communities.ICommunityGrain>(community.Code);
        async Task Duty(int index, bool on, int expectedOnDuty)
        {
            await Grains.GetGrain<ThreeSocial.Grains.Responders.IResponderGrain>(people[index].Id).SetDuty(on, "shift");
            await Eventually.True(async () => (await grain.GetOnDuty()).Length == expectedOnDuty, $"{expectedOnDuty} on duty in the community");
        }

        for (var i = 0; i <= minimum; i++) await Duty(i, true, i + 1);
        Assert.Null(await alert.Get()); // a shift filling up is not news

        await Duty(0, false, minimum); // still at the minimum
        Assert.Null(await alert.Get());
        await Duty(1, false, minimum - 1);
        AlertView? raised = null;
        await Eventually.True(async () => (raised = await alert.Get()) is { Status: AlertStatus.Open }, "the street office is told");
        Assert.StartsWith($"{minimum - 1} on duty, minimum {minimum} for", raised!.Messages[^1].Detail);
        CapSchema.AssertValid(CapWriter.Write(raised, raised.Messages[^1], Catalog, Rules));

        await Duty(1, true, minimum);
        await Eventually.True(async () => (await alert.Get())!.Status == AlertStatus.Cleared, "back at the minimum: cancelled");
    }
}
