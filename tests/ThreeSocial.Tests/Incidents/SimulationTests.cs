using System.Xml.Linq;
using ThreeSocial.Silo.Simulation;
using ThreeSocial.Tests.Alerts;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

[Trait("Category", TestCategory.Scenario)]
public sealed class SimulationTests
{
    [Fact]
    public async Task A_short_normal_day_runs_on_the_real_silo_and_every_emergency_is_dispatched_and_measured()
    {
        // The whole demo city, real store and reminders; fewer incidents and a faster clock than the command's default.
        var scenario = Scenario.Get("normal-day") with { Incidents = 30, ReportingWindow = TimeSpan.FromHours(1), Tail = TimeSpan.FromHours(2.5) };

        var simulator = new Simulator(scenario, seed: 3, speed: 1200, TextWriter.Null);
        var report = await simulator.RunAsync();

        Assert.Equal(30, report.Incidents);
        Assert.True(report.Emergencies > 0);
        Assert.Equal(Math.Round((double)report.EmergenciesOnSceneWithin2h / report.Emergencies, 4), report.ShareOnSceneWithin2h);
        Assert.True(report.ShareOnSceneWithin2h >= 0.8, $"only {report.ShareOnSceneWithin2h:P0} on scene within 2 h");
        // Every incident was given people, or escalated because nobody could be found; most have been resolved by the end.
        Assert.All(simulator.Incidents, v => Assert.Contains(v.Timeline, t => t is ThreeSocial.Grains.Incidents.TimelineEntry.Dispatched or ThreeSocial.Grains.Incidents.TimelineEntry.Escalated { Cause: ThreeSocial.Grains.Incidents.EscalationCause.NoResponder }));
        Assert.Equal(report.Incidents, report.Resolved + report.StillOpen + simulator.Incidents.Count(v => v.Stage == ThreeSocial.Grains.Incidents.IncidentStage.Cancelled));
        Assert.True(report.Resolved >= report.Incidents * 0.8, $"only {report.Resolved} of {report.Incidents} resolved");
        Assert.True(report.RespondersUsed > 0 && report.StockIssued.Count > 0);
        Assert.Equal(report.Emergencies, report.BySeverity.Values.Sum(s => s.Emergencies));
        Assert.Equal(report.Emergencies - report.EmergenciesOnSceneWithin2h, report.MissedBecause.Values.Sum());

        // With hindsight (the same incidents, every person's answer known) the plan does at least as well as the router did.
        var hindsight = HindsightPlan.Compute(simulator.Incidents, simulator.OnDuty, simulator.Catalog, simulator.Playbooks, simulator.Eta,
            (incident, person) => SimulatedAnswer.For(3, incident, person));
        Assert.Equal(report.Emergencies, hindsight.Emergencies);
        Assert.True(hindsight.OnSceneWithin2h >= report.EmergenciesOnSceneWithin2h, $"hindsight {hindsight.OnSceneWithin2h}, router {report.EmergenciesOnSceneWithin2h}");
        Assert.True(hindsight.ReachableAlone >= hindsight.OnSceneWithin2h);
    }

    [Fact]
    public async Task Every_alert_a_short_rainstorm_sends_to_the_street_offices_webhooks_is_valid_CAP()
    {
        // Scarce staffing in three districts: escalations of every kind, Updates, Cancels and district escalations.
        var scenario = Scenario.Get("rainstorm") with { Incidents = 80, ReportingWindow = TimeSpan.FromMinutes(40), Tail = TimeSpan.FromHours(1) };

        var simulator = new Simulator(scenario, seed: 5, speed: 600, TextWriter.Null, webhooks: true);
        var report = await simulator.RunAsync();

        Assert.NotNull(report.Webhooks);
        Assert.True(report.Webhooks!.Alerts > 0 && simulator.AlertsReceived.Count > 0, "the storm raised alerts and they were delivered");
        Assert.True(report.Webhooks.Received >= report.Webhooks.Messages * 0.9, $"{report.Webhooks.Received} of {report.Webhooks.Messages} messages received");
        var types = new HashSet<string>();
        foreach (var received in simulator.AlertsReceived)
        {
            var cap = XDocument.Parse(System.Text.Encoding.UTF8.GetString(received.Body));
            CapSchema.AssertValid(cap);
            types.Add(cap.Root!.Element(ThreeSocial.Grains.Alerts.CapWriter.Cap + "msgType")!.Value);
        }
        Assert.Contains("Alert", types);
    }
}
