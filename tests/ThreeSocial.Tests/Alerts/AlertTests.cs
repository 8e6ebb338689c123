using System.Xml.Linq;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Tests.Incidents;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

/// <summary>Alerts raised by real incidents on the real runtime, at 1,200× (15 minutes pass in under a second).</summary>
public sealed class AlertTests() : IncidentTest(speed: 1200)
{
    private static readonly XNamespace Cap = CapWriter.Cap;

    private string Street => Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code;

    [Fact]
    public async Task A_storm_with_nobody_on_duty_raises_alerts_of_every_incident_kind_and_every_CAP_message_is_valid()
    {
        string[] subtypes = ["flood", "landslide", "elderly-fall", "fire", "elderly-illness", "person-missing", "welfare-check", "utility-outage"];
        for (var i = 0; i < 16; i++)
            await Grains.GetGrain<IIncidentGrain>(IncidentIds.For(Street, $"storm-{i}")).Report(Report($"storm-{i}", subtypes[i % subtypes.Length], (Severity)(i % 4)));
        // Nobody acknowledges: report-up deadlines pass (15 min), then the street's acknowledgement time (15 min in 渝中).
        await Eventually.True(async () => (await Grains.GetGrain<IAlertInboxGrain>("500103").List(null, "not-acknowledged", 500)).Length > 0,
            "unacknowledged alerts reach the district", 20_000);

        var street = await Grains.GetGrain<IAlertInboxGrain>(Street).List(null, null, 500);
        var district = await Grains.GetGrain<IAlertInboxGrain>("500103").List(null, null, 500);
        var kinds = street.Select(e => e.Kind).ToHashSet();
        Assert.Superset(new HashSet<string> { "no-responder", "supplies-short", "not-reported-up" }, kinds);
        var messages = 0;
        foreach (var entry in street.Concat(district))
        {
            var alert = (await Grains.GetGrain<IAlertGrain>(entry.AlertId).Get())!;
            foreach (var message in alert.Messages)
            {
                var cap = CapWriter.Write(alert, message, Catalog);
                CapSchema.AssertValid(cap);
                messages++;
            }
        }
        Assert.True(messages >= street.Length + district.Length);
        var escalation = (await Grains.GetGrain<IAlertGrain>(district.First(e => e.Kind == "not-acknowledged").AlertId).Get())!;
        var original = (await Grains.GetGrain<IAlertGrain>(escalation.EscalationOf!).Get())!;
        Assert.Equal(escalation.Id, original.EscalatedTo);
        Assert.Contains(original.Messages[0].Identifier, escalation.Messages[0].References); // the district's alert refers to the street's
        Assert.Equal("NaturalDisaster", (await Grains.GetGrain<IAlertGrain>(street.First(e => e.Subject.EndsWith(IncidentIds.For(Street, "storm-0")[^12..], StringComparison.Ordinal)).AlertId).Get())!.EventClass);
    }

    [Fact]
    public async Task Raising_again_sends_an_Update_and_clearing_a_Cancel_each_referring_to_what_came_before()
    {
        var id = AlertIds.For(Street, "no-responder", "INC-test");
        var alert = Grains.GetGrain<IAlertGrain>(id);
        AlertCondition Condition(string detail) => new("no-responder", Street, "500103", "INC-test", detail, Clock.GetUtcNow(), "PublicHealth");

        await alert.Raise(Condition("nobody with first aid"));
        Assert.Single((await alert.Raise(Condition("nobody with first aid"))).Messages); // the same words again: nothing new to send
        await alert.Raise(Condition("still nobody with first aid"));
        var cleared = (await alert.Clear("a volunteer is on scene"))!;

        Assert.Equal([CapMsgType.Alert, CapMsgType.Update, CapMsgType.Cancel], cleared.Messages.Select(m => m.MsgType));
        Assert.Null(cleared.Messages[0].References);
        Assert.Contains(cleared.Messages[0].Identifier, cleared.Messages[1].References);
        Assert.Contains(cleared.Messages[1].Identifier, cleared.Messages[2].References);
        Assert.Equal(AlertStatus.Cleared, cleared.Status);
        foreach (var m in cleared.Messages) CapSchema.AssertValid(CapWriter.Write(cleared, m, Catalog));
        var cancel = CapWriter.Write(cleared, cleared.Messages[2], Catalog);
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
        await incident.Report(Report("ack-1", "welfare-check", Severity.General));
        var noResponder = Grains.GetGrain<IAlertGrain>(AlertIds.For(Street, "no-responder", IncidentIds.For(Street, "ack-1")));
        await Eventually.True(async () => await noResponder.Get() is { Status: AlertStatus.Open }, "nobody on duty: an alert");

        var acknowledged = await noResponder.Acknowledge("street-office-1", "calling the community");
        Assert.Equal(AlertStatus.Acknowledged, acknowledged.Status);
        Assert.Equal("street-office-1", acknowledged.Acknowledged!.Actor);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // 30 simulated minutes: past the acknowledgement time
        Assert.Null((await noResponder.Get())!.EscalatedTo);

        var worker = Qualified("elderly-care")[0];
        await OnDuty(worker, 0.5);
        var view = await Until(incident, v => v.Assignments.Any(a => a.ResponderId == worker.Id), "the retry finds the worker", 30_000);
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
        foreach (var category in ThreeSocial.Grains.Stockpiles.SupplyCatalog.All)
            await stockpile.SetMinimum(new ThreeSocial.Grains.Stockpiles.SetMinimumLevel($"min-{category.Code}", category.Code, 0, "depot"));
        Assert.True(await alert.Get() is null or { Status: AlertStatus.Cleared }, "nothing is low: no open alert");

        await stockpile.SetMinimum(new ThreeSocial.Grains.Stockpiles.SetMinimumLevel("min-sandbags", "3010101", 500, "depot"));
        var raised = (await alert.Get())!;
        Assert.Equal(AlertStatus.Open, raised.Status);
        Assert.Equal(CapMsgType.Alert, raised.Messages[^1].MsgType);
        Assert.Equal(site.Id, raised.Subject);
        Assert.Equal("below minimum: 3010101 沙袋", raised.Messages[^1].Detail);
        CapSchema.AssertValid(CapWriter.Write(raised, raised.Messages[^1], Catalog));
        Assert.Contains(await Grains.GetGrain<IAlertInboxGrain>(street).List(AlertStatus.Open, "stock-below-minimum", 10), e => e.Subject == site.Id);

        await stockpile.Receive(new ThreeSocial.Grains.Stockpiles.ReceiveSupplies("restock", "3010101", 600, null, "depot", "from the district depot"));
        var cleared = (await alert.Get())!;
        Assert.Equal(AlertStatus.Cleared, cleared.Status);
        Assert.Equal(CapMsgType.Cancel, cleared.Messages[^1].MsgType);
    }
}
