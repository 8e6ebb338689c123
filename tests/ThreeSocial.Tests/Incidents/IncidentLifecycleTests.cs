using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Incidents;

/// <summary>An incident from report to closure, on virtual time: the 5-minute acceptance limit passes when a test lets it.</summary>
[Trait("Category", TestCategory.Grain)]
public sealed class IncidentLifecycleTests() : IncidentTest
{
    [Fact]
    public async Task A_report_is_stored_with_its_deadlines_and_answered_with_the_people_sent_and_why_then_supplies_follow()
    {
        await OpenStockpilesOf("500103");
        var medics = Qualified("first-aid");
        await OnDuty(medics[0], 0.5);
        await OnDuty(medics[1], 3.0);
        foreach (var carer in Qualified("elderly-care").Take(2)) await OnDuty(carer, 1.0);

        var result = await Incident("fall-1").Report(Report("fall-1"));

        var report = result.Incident.Report;
        Assert.False(result.Replayed);
        Assert.Equal((IncidentStage.Dispatched, ResponseKind.Emergency, IncidentClass.PublicHealth), (result.Incident.Stage, report.Response, report.Class));
        Assert.Equal(report.ReportedAt.AddHours(2), report.Deadlines.OnSceneBy);
        Assert.Equal(report.ReportedAt.AddMinutes(15), report.Deadlines.ReportUpBy);
        Assert.Equal(Catalog.Locate(Scene.Lon, Scene.Lat)!.Grid.Code, report.Place.Grid);
        Assert.Equal([TimelineKind.Reported, TimelineKind.ReportedUp, TimelineKind.Dispatched], result.Incident.Timeline.Select(t => t.Kind));
        Assert.Empty(result.Incident.Supplies); // stockpiles are asked in a turn of their own, after the answer

        var view = await Until(Incident("fall-1"), v => v.Stage == IncidentStage.Dispatched && v.Supplies.Length == 2, "dispatched with supplies");
        var medic = view.Assignments.Single(a => a.Need == "first-aid");
        Assert.Equal(medics[0].Id, medic.ResponderId); // the nearer of the two
        Assert.Contains(view.Assignments, a => a.Need == "elderly-care");
        var decision = view.Timeline.OfType<TimelineEntry.Dispatched>().First().Decision;
        Assert.Contains("nearest", decision.Picks.Single(p => p.Need == "first-aid").Why);
        Assert.True(decision.Considered["first-aid"].Length >= 2);
        Assert.Equal((DutyState.Assigned, view.Id), await Duty(medics[0]));
        var kit = view.Supplies.Single(s => s.Category == "1040101");
        var ledger = await Grains.GetGrain<IStockpileGrain>(kit.StockpileId).GetLedger(0, 1000);
        Assert.Contains(ledger, e => e.Kind == MovementKind.Issue && e.Note == $"incident {view.Id}");
    }

    [Fact]
    public async Task With_nothing_in_its_own_stockpile_the_supplies_come_from_the_nearest_neighbour_that_has_them()
    {
        var own = Catalog.City.Stockpiles.Single(s => s.OwnerCode == Community.Code);
        var others = Catalog.City.Stockpiles.Where(s => s.OwnerCode.StartsWith("500103", StringComparison.Ordinal) && s.Id != own.Id).ToList();
        foreach (var site in others) await Grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(Silo.Services.GetRequiredService<SupplyCatalog>(), site, 1, Today));
        var incident = Incident("kit-1");

        await incident.Report(Report("kit-1", subtype: "heat-illness"));

        var view = await Until(incident, v => v.Supplies.Length == 2, "supplies issued");
        var nearestWithStock = others
            .OrderBy(s => EtaModel.GreatCircleKm(s.Location.X, s.Location.Y, Scene.Lon, Scene.Lat))
            .First();
        Assert.All(view.Supplies, s => Assert.NotEqual(own.Id, s.StockpileId));
        Assert.Contains(view.Supplies, s => s.StockpileId == nearestWithStock.Id);
        Assert.DoesNotContain(view.Timeline, t => t is TimelineEntry.Escalated { Cause: EscalationCause.SuppliesShort });
    }

    [Fact]
    public async Task Responders_accept_travel_arrive_and_resolve_and_only_legal_steps_are_taken()
    {
        var medic = Qualified("first-aid")[0];
        await OnDuty(medic, 0.2);
        var incident = Incident("fire-1");
        await incident.Report(Report("fire-1", subtype: "heat-illness"));
        await Until(incident, v => v.Assignments.Any(a => a.ResponderId == medic.Id), "the medic is dispatched");

        await Assert.ThrowsAsync<DomainRuleException>(() => incident.Resolve("operator", "too early"));
        Assert.Contains("on-scene", await RemindersOf("incident", incident.GetPrimaryKeyString())); // open: its deadlines are durable reminders
        await incident.Accept(medic.Id, medic.Id);
        await incident.Accept(medic.Id, medic.Id); // a phone's resend changes nothing
        await incident.Advance(medic.Id, IncidentStage.EnRoute, medic.Id);
        Assert.Equal(DutyState.EnRoute, (await Duty(medic)).Duty);
        var onScene = await incident.Advance(medic.Id, IncidentStage.OnScene, medic.Id);
        Assert.Equal(IncidentStage.OnScene, onScene.Stage);
        Assert.NotNull(onScene.FirstOnSceneAt);
        await Assert.ThrowsAsync<DomainRuleException>(() => incident.Cancel("operator", "on scene already"));
        await incident.Resolve(medic.Id, "cooled down, drank water, feels well");
        var closed = await incident.Close("street-office", "checked by phone");

        Assert.Equal(IncidentStage.Closed, closed.Stage);
        Assert.Equal(
            [TimelineKind.Reported, TimelineKind.ReportedUp, TimelineKind.Dispatched, TimelineKind.Accepted, TimelineKind.EnRoute, TimelineKind.OnScene, TimelineKind.Resolved, TimelineKind.Closed],
            closed.Timeline.Where(t => t.Kind is not (TimelineKind.SuppliesIssued or TimelineKind.Escalated)).Select(t => t.Kind));
        Assert.All(closed.Timeline, t => Assert.False(string.IsNullOrEmpty(t.Actor)));
        Assert.Equal((DutyState.Available, (string?)null), await Duty(medic));
        await Assert.ThrowsAsync<DomainRuleException>(() => incident.Close("street-office", "twice"));
        Assert.Empty(await RemindersOf("incident", incident.GetPrimaryKeyString())); // closed: nothing will wake it again
    }

    [Fact]
    public async Task An_open_incident_is_woken_when_something_is_due_not_every_minute()
    {
        var medic = Qualified("first-aid")[0];
        await OnDuty(medic, 0.2);
        var incident = Incident("watch-1");
        var reported = (await incident.Report(Report("watch-1", subtype: "heat-illness"))).Incident;
        var id = reported.Id;

        // One dispatch is waiting for its answer: the watch is set for its acceptance timeout, and nothing sooner.
        var dispatchedAt = reported.Assignments.Single().DispatchedAt;
        var watch = await ReminderDue(id, "watch");
        Assert.NotNull(watch);
        Assert.InRange((watch!.Value - dispatchedAt).TotalSeconds, 299, 301);

        // Accepted, and the one need filled: when the watch fires it finds nothing due and is not set again.
        await incident.Accept(medic.Id, medic.Id);
        await Clock.PassUntil(async () => await ReminderDue(id, "watch") is null, "the watch is gone after it found nothing to do", TimeSpan.FromMinutes(10));
        Assert.NotNull(await ReminderDue(id, "on-scene")); // the deadlines are reminders of their own, still set
        var view = await incident.Get();
        Assert.Equal(AssignmentStatus.Accepted, view.Assignments.Single().Status);
        Assert.Contains(view.Timeline, t => t.Kind == TimelineKind.SuppliesIssued); // sought in a turn of their own
    }

    /// <summary>When a grain's reminder is next due, read from the store's own table; null when none is set.</summary>
    private async Task<DateTimeOffset?> ReminderDue(string grainKey, string name)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT due_ms FROM reminders WHERE grain_key = $key AND name = $name";
        command.Parameters.AddWithValue("$key", grainKey);
        command.Parameters.AddWithValue("$name", name);
        return await command.ExecuteScalarAsync() is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    [Fact]
    public async Task A_resolved_elderly_fall_gets_its_social_worker_follow_up()
    {
        var medic = Qualified("first-aid")[0];
        var social = Catalog.City.Responders.First(r => r.HomeCommunity.StartsWith("500103", StringComparison.Ordinal) && r.Role == ResponderRole.SocialWorker);
        await OnDuty(medic, 0.2);
        await OnDuty(social, 2.0);
        var incident = Incident("fall-follow");
        await incident.Report(Report("fall-follow", subtype: "elderly-fall"));
        await Until(incident, v => v.Assignments.Any(a => a.ResponderId == medic.Id), "the medic is dispatched");
        Assert.DoesNotContain((await incident.Get()).Assignments, a => a.ResponderId == social.Id); // not before the scene is handled

        await incident.Accept(medic.Id, medic.Id);
        await incident.Advance(medic.Id, IncidentStage.OnScene, medic.Id);
        var resolved = await incident.Resolve(medic.Id, "helped up, no fracture");

        var followUp = resolved.Assignments.Single(a => a.ResponderId == social.Id);
        Assert.Equal(("SocialWorker", AssignmentStatus.Dispatched), (followUp.Need, followUp.Status));
        Assert.Contains(resolved.Timeline, t => t.Kind == TimelineKind.FollowUpDispatched);
    }

    [Fact]
    public async Task A_dispatch_not_accepted_in_time_goes_to_the_next_best_and_says_why()
    {
        var medics = Qualified("first-aid");
        await OnDuty(medics[0], 0.3);
        await OnDuty(medics[1], 1.5);
        var incident = Incident("slow-1");
        await incident.Report(Report("slow-1", subtype: "heat-illness"));

        var view = await PassUntil(incident, v => v.Assignments.Any(a => a.ResponderId == medics[1].Id), "re-dispatched to the second", TimeSpan.FromMinutes(10));

        var first = view.Assignments.Single(a => a.ResponderId == medics[0].Id);
        Assert.Equal(AssignmentStatus.Released, first.Status);
        Assert.Contains("not accepted within 5 min", first.ReleasedBecause);
        Assert.Equal(DutyState.Available, (await Duty(medics[0])).Duty);
        // The minutes lost put the emergency's deadline at risk: the street office is told.
        Assert.Contains(view.Timeline, t => t is TimelineEntry.Escalated { Cause: EscalationCause.NotAccepted });
        var street = Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code;
        var alert = await Grains.GetGrain<ThreeSocial.Grains.Alerts.IAlertGrain>(ThreeSocial.Grains.Alerts.AlertIds.For(street, "deadline-at-risk", view.Id)).Get();
        Assert.Contains($"{medics[0].Id} did not accept within 5 min", alert!.Messages[^1].Detail);
    }

    [Fact]
    public async Task A_responder_going_off_duty_mid_assignment_is_replaced()
    {
        var medics = Qualified("first-aid");
        await OnDuty(medics[0], 0.3);
        await OnDuty(medics[1], 1.0);
        var incident = Incident("leave-1");
        await incident.Report(Report("leave-1", subtype: "heat-illness"));
        await Until(incident, v => v.Assignments.Any(a => a.ResponderId == medics[0].Id), "dispatched");
        await incident.Accept(medics[0].Id, medics[0].Id);

        await Grains.GetGrain<IResponderGrain>(medics[0].Id).SetDuty(false, "family emergency");

        var view = await Until(incident, v => v.Assignments.Any(a => a.ResponderId == medics[1].Id), "replaced");
        Assert.Contains("went off duty", view.Assignments.Single(a => a.ResponderId == medics[0].Id).ReleasedBecause);
        // The timeline keeps the line's facts: said in Chinese by default, in English as the note always read.
        var released = view.Timeline.OfType<TimelineEntry.Released>().Single(r => r.ResponderId == medics[0].Id);
        Assert.Equal(ThreeSocial.Grains.Texts.Phrase.Of("timeline.went-off-duty", "family emergency"), released.Said);
        Assert.Equal("went off duty (family emergency)", released.Note);
        Assert.Equal("已下岗（family emergency）", ThreeSocial.Grains.Texts.TimelineNotes.Note(released, ThreeSocial.Grains.Texts.Texts.Chinese));
    }

    [Fact]
    public async Task A_resent_report_reaches_the_same_incident_and_a_reused_key_with_other_content_is_refused()
    {
        var first = await Incident("phone-1").Report(Report("phone-1"));
        var again = await Incident("phone-1").Report(Report("phone-1"));

        Assert.True(again.Replayed);
        Assert.Equal(first.Incident.Id, again.Incident.Id);
        Assert.Equal(first.Incident.Report.ReportedAt, again.Incident.Report.ReportedAt);
        await Assert.ThrowsAsync<InvalidRequestException>(() => Incident("phone-1").Report(Report("phone-1", subtype: "fire")));
    }

    [Fact]
    public async Task A_resent_report_sets_again_the_deadlines_a_first_attempt_stored_the_report_without()
    {
        var incident = Incident("half-1");
        await incident.Report(Report("half-1"));
        var id = ((GrainReference)incident).GrainId;
        var set = (await Silo.Reminders.ReadRows(id)).Reminders;
        Assert.Contains(set, r => r.ReminderName == "on-scene");
        // As if storage went away after the report was stored and before its deadlines were: the rows are not there.
        foreach (var row in set) Assert.True(await Silo.Reminders.RemoveRow(id, row.ReminderName, row.ETag!));
        Assert.Empty((await Silo.Reminders.ReadRows(id)).Reminders);

        var again = await incident.Report(Report("half-1")); // the client's retry after its 503

        Assert.True(again.Replayed);
        var names = (await Silo.Reminders.ReadRows(id)).Reminders.Select(r => r.ReminderName).Order().ToList();
        Assert.Equal(set.Select(r => r.ReminderName).Order(), names);
        var timeline = (await incident.Get()).Timeline;
        Assert.Single(timeline.OfType<TimelineEntry.Reported>()); // and the report itself is not taken twice
        Assert.Single(timeline.OfType<TimelineEntry.ReportedUp>());
    }

    [Fact]
    public async Task Bad_reports_are_refused_and_store_nothing()
    {
        await Assert.ThrowsAsync<InvalidRequestException>(() => Incident("bad-1").Report(Report("bad-1", subtype: "alien-landing")));
        await Assert.ThrowsAsync<InvalidRequestException>(() => Incident("bad-2").Report(Report("bad-2") with { Description = "" }));
        await Assert.ThrowsAsync<NotFoundException>(() => Incident("bad-1").Get());
    }

    [Fact]
    public async Task Open_incidents_roll_up_to_street_district_and_city_and_a_cancelled_one_returns_its_supplies()
    {
        await OpenStockpilesOf("500103");
        var incident = Incident("count-1");
        await incident.Report(Report("count-1"));
        var street = Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code;
        await Eventually.True(async () => (await City()).OpenIncidents == 1 && (await Region(street)).OpenEmergencies == 1, "one open emergency");
        var childrenWhileOpen = (await Grains.GetGrain<IRegionGrain>(street).GetStatus()).ChildrenReporting;
        var issued = (await Until(incident, v => v.Supplies.Length > 0, "supplies issued")).Supplies[0];
        var stockpile = Grains.GetGrain<IStockpileGrain>(issued.StockpileId);
        var usableAfterIssue = (await stockpile.GetStatus()).Categories.Single(c => c.Category == issued.Category).Usable;

        await incident.Cancel("operator", "false alarm: the neighbour was asleep");

        await Eventually.True(async () => (await City()).OpenIncidents == 0 && (await Region("500103")).OpenIncidents == 0, "none open");
        // The street forgets a closed incident instead of keeping a zero for it forever.
        Assert.Equal(childrenWhileOpen - 1, (await Grains.GetGrain<IRegionGrain>(street).GetStatus()).ChildrenReporting);
        Assert.Equal(usableAfterIssue + issued.Quantity, (await stockpile.GetStatus()).Categories.Single(c => c.Category == issued.Category).Usable);
    }

    private async Task<RollupTotals> City() => (await Grains.GetGrain<IRegionGrain>(ChongqingDistricts.CityCode).GetStatus()).Totals;

    private async Task<RollupTotals> Region(string code) => (await Grains.GetGrain<IRegionGrain>(code).GetStatus()).Totals;

    private async Task<(DutyState Duty, string? Assignment)> Duty(ResponderSeed responder)
    {
        var status = await Grains.GetGrain<IResponderGrain>(responder.Id).GetStatus();
        return (status.Duty, status.Assignment);
    }
}
