using ThreeSocial.Reminders;
using ThreeSocial.Events;
using Microsoft.Extensions.Logging;
using System.Collections.Immutable;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Journal;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Incidents;

public sealed partial class IncidentGrain : Grain, IIncidentGrain, IRemindable
{
    private const string Watch = "watch";
    private const int NearestStockpilesTried = 6;

    private readonly IJournal<IncidentState, TimelineEntry> _timeline;
    private readonly RegionCatalog _catalog;
    private readonly TimeProvider _clock;
    private readonly EventStream _events;
    private readonly DispatchOptions _options;
    private readonly ParentReporter _street;
    private readonly ILogger<IncidentGrain> _logger;

    public IncidentGrain([Journal("incident")] IJournal<IncidentState, TimelineEntry> timeline, RegionCatalog catalog, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
        IGrainFactory grains, EventStream events, ILogger<IncidentGrain> logger, Microsoft.Extensions.Options.IOptions<DispatchOptions> options)
    {
        _logger = logger;
        _events = events;
        _timeline = timeline;
        _catalog = catalog;
        _clock = clock;
        _options = options.Value;
        _street = new ParentReporter(grains, this.GetPrimaryKeyString());
    }

    private IncidentState State => _timeline.State;
    private string Id => this.GetPrimaryKeyString();
    private DateTimeOffset Now => ChongqingTime.Now(_clock);

    // ---- report ----

    public async Task<ReportResult> Report(ReportIncident report)
    {
        var fingerprint = RecentRequests.Fingerprint(report);
        if (State.Report is { } known)
            return known.Fingerprint == fingerprint
                ? new ReportResult(await View(), Replayed: true)
                : throw new ArgumentException($"Idempotency key '{report.RequestId}' was already used for a different report.", "Idempotency-Key");

        var playbook = Playbooks.Get(report.Subtype);
        Require.Text(report.Reporter, nameof(report.Reporter), 64);
        Require.Text(report.Description, nameof(report.Description), 2000);
        if (report.Contact is { } contact)
        {
            Require.Text(contact.Name, "contact.name", 50);
            Require.Phone(contact.Phone, "contact.phone");
            Require.OptionalText(contact.Address, "contact.address", 200);
        }
        if (!Enum.IsDefined(report.Severity)) throw new ArgumentOutOfRangeException(nameof(report.Severity));
        if (report.People is null || report.People.Count is < 0 or > 100_000) throw new ArgumentOutOfRangeException(nameof(report.People), "People involved is 0 to 100,000.");
        var path = _catalog.Locate(report.Longitude, report.Latitude)
            ?? throw new ArgumentException($"({report.Longitude}, {report.Latitude}) is not inside any grid of Chongqing.", "Location");
        if (IncidentIds.StreetOf(Id) != path.Street.Code)
            throw new ArgumentException($"Incident {Id} belongs to street {IncidentIds.StreetOf(Id)}, not {path.Street.Code}.", "Location");

        var now = Now;
        var place = new IncidentPlace(report.Longitude, report.Latitude, path.Grid.Code, path.Community.Code, path.Street.Code, path.District.Code);
        var filed = new IncidentReport(playbook.Subtype, playbook.Class, playbook.Response, report.Severity, place, report.Description, report.People,
            report.Reporter, now, Deadlines.For(playbook.Response, now), fingerprint, report.Contact);

        // The board is asked while the report is being checked in: a decision back in time is stored with the report,
        // in the same write, so the first people are sent after one commit instead of two.
        var needs = MissingNeeds(filed, followUps: false);
        var request = needs.IsEmpty ? null : RequestFor(filed, needs, filed.Deadlines.RespondBy);
        var asked = request is null ? null : new BoardAnswer(request, AskBoard(place.District, request), Recorded: false);
        var decision = asked is null ? null : await WithinFirstDecisionWait(asked.Decision);
        await Record([
            new TimelineEntry(now, report.Reporter, TimelineKind.Reported, $"{playbook.Zh} reported in grid {place.Grid}", Report: filed),
            new TimelineEntry(now, "system", TimelineKind.ReportedUp, $"sent to street office {place.Street}"),
            .. decision is null ? Array.Empty<TimelineEntry>() : [new TimelineEntry(now, "dispatch", TimelineKind.Dispatched, Summary(decision), Decision: decision)],
        ]);
        // Then, together: the map and the people hear it, the deadlines are set, the people picked are told (or the
        // board's late answer is awaited), and mutual aid is asked where needed.
        await Task.WhenAll(
            Announce(TimelineKind.Reported),
            decision is { Picks.IsEmpty: false } ? Announce(TimelineKind.Dispatched) : Task.CompletedTask,
            RegisterDeadlines(filed),
            FirstDispatch(asked is null ? null : asked with { Recorded = decision is not null }));
        await KeepWatch();
        _ = GrainFactory.GetGrain<IIncidentGrain>(Id).IssueSupplies(); // a turn of its own: the reporter need not wait for stockpiles
        return new ReportResult(await View(), Replayed: false);
    }

    /// <summary>A request to the district's board and its answer; Recorded once the answer is in the timeline.</summary>
    private sealed record BoardAnswer(DispatchRequest Request, Task<DispatchDecision> Decision, bool Recorded);

    /// <summary>The board's decision if it comes within the wait (a warm board answers in milliseconds); otherwise the
    /// report is stored without it rather than kept waiting.</summary>
    private async Task<DispatchDecision?> WithinFirstDecisionWait(Task<DispatchDecision> deciding)
    {
        if (await Task.WhenAny(deciding, Task.Delay(_options.FirstDecisionWait)) != deciding || !deciding.IsCompletedSuccessfully) return null;
        return deciding.Result;
    }

    /// <summary>The report is stored whatever happens here: a failed dispatch is logged, and the watch asks again.</summary>
    private async Task FirstDispatch(BoardAnswer? asked)
    {
        try
        {
            if (asked is null) await DispatchPeople();
            else await FindPeople(RequireReport(), asked.Request.Needs, TimelineKind.Dispatched, asked.Request.RespondBy, asked);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFirstDispatchFailed(_logger, e, Id);
        }
    }

    private async Task RegisterDeadlines(IncidentReport report)
    {
        var d = report.Deadlines;
        var now = Now;
        // Registered together: each is its own durable write, and the report's answer waits for all of them.
        await Task.WhenAll(new[] { ("report-up", d.ReportUpBy), ("on-scene", d.OnSceneBy), ("feedback", d.FeedbackBy), ("resolve", d.ResolveBy) }
            .Where(x => x.Item2 is not null)
            .Select(x => this.RemindOnce(x.Item1, Max(x.Item2!.Value - now, TimeSpan.Zero))));
    }

    public Task<IncidentView> Get() => View();

    // ---- dispatch ----

    public async Task<IncidentView> Dispatch()
    {
        await DispatchPeople();
        await IssueSupplies();
        await KeepWatch();
        return await View();
    }

    private async Task DispatchPeople()
    {
        var report = RequireReport();
        if (!State.IsOpen || State.Stage is IncidentStage.OnScene) return;
        var missing = MissingNeeds(report, followUps: false);
        if (missing.Length > 0) await FindPeople(report, missing, TimelineKind.Dispatched, report.Deadlines.RespondBy);
    }

    public async Task IssueSupplies()
    {
        if (State.IsOpen && !State.SuppliesSought) await SeekSupplies(RequireReport());
    }

    /// <summary>The playbook's people needs not covered by an active assignment.</summary>
    private ImmutableArray<PeopleNeed> MissingNeeds(IncidentReport report, bool followUps)
    {
        var covered = State.Active.GroupBy(a => a.Need).ToDictionary(g => g.Key, g => g.Count());
        return [.. Playbooks.Get(report.Subtype).People
            .Where(n => n.IsFollowUp == followUps)
            .Select(n => n with { Count = n.Count - covered.GetValueOrDefault(n.Label) })
            .Where(n => n.Count > 0)];
    }

    /// <summary>
    /// Asks the district's board; when that leaves a need unfilled or late, asks the neighbouring districts (mutual
    /// aid) for what is still missing and keeps whichever answer arrives sooner. Records every decision with its reasons.
    /// </summary>
    private DateTimeOffset _lastSearch;

    private async Task FindPeople(IncidentReport report, ImmutableArray<PeopleNeed> needs, TimelineKind kind, DateTimeOffset respondBy, BoardAnswer? asked = null)
    {
        _lastSearch = Now;
        var place = report.Place;
        var followUp = kind == TimelineKind.FollowUpDispatched;
        var request = asked?.Request ?? RequestFor(report, needs, respondBy);
        var decision = await (asked?.Decision ?? AskBoard(place.District, request));
        DispatchDecision assigned;
        if (asked is { Recorded: true }) assigned = await TellPicked(decision, Task.CompletedTask); // stored with the report, and announced
        else
        {
            // A retry that finds nobody again adds nothing: the escalation already says so.
            assigned = !decision.Picks.IsEmpty || !State.EscalatedFor.Contains(NoResponder) ? await Assign(decision, kind, Summary(decision)) : decision;
            if (!assigned.Picks.IsEmpty) await Announce(kind); // the people sent so far are news before mutual aid is asked
        }

        // Needs the board kept back for scenes with nobody yet are asked again later, here and not next door.
        var keptBack = assigned.Unfilled.Where(u => u.Deferred).ToDictionary(u => u.Need, u => u.Missing);
        ImmutableArray<PeopleNeed> StillMissing() =>
            [.. MissingNeeds(report, followUp).Select(n => n with { Count = n.Count - keptBack.GetValueOrDefault(n.Label) }).Where(n => n.Count > 0)];

        // Neighbours are asked for someone in time when nobody here is, and for what nobody here has.
        var stillMissing = StillMissing();
        var late = assigned.Picks.Where(p => !p.MeetsDeadline).ToList();
        foreach (var neighbour in _catalog.NeighbourDistricts(place.District))
        {
            var lead = HasLead(respondBy);
            if (stillMissing.IsEmpty && (lead || late.Count == 0)) break;
            var aid = await AskBoard(neighbour, request with
            {
                Needs = [.. stillMissing, .. lead ? [] : late.Select(p => new PeopleNeed(NeedSkill(p.Need), NeedRole(p.Need), 1))],
                Exclude = State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal),
                MutualAid = true,
                HasLead = lead,
            });
            var helping = aid with { Picks = [.. aid.Picks.Where(p => p.MeetsDeadline)] };
            if (helping.Picks.IsEmpty) continue;
            var took = await Assign(helping, kind, $"mutual aid from district {neighbour}: " + Summary(helping));
            if (took.Picks.IsEmpty) continue;
            // A late responder replaced by an earlier one from next door is released.
            foreach (var p in late.Where(l => took.Picks.Any(t => t.Need == l.Need)).ToList())
            {
                await ReleaseResponder(p.ResponderId, $"replaced by an earlier mutual-aid responder for '{p.Need}'");
                late.Remove(p);
            }
            stillMissing = StillMissing();
        }
        if (!stillMissing.IsEmpty)
            await Escalate(NoResponder, $"no responder found for {string.Join(", ", stillMissing.Select(n => $"{n.Count} × {n.Label}"))}, even with mutual aid");
        else if (!HasLead(respondBy) && State.Active.Any())
            await Escalate(Late, $"nobody can be on scene before {respondBy:HH:mm}; the earliest responder arrives in {State.Active.Min(a => a.EtaMinutes):0} min");
        await Announce(kind);
    }

    private DispatchRequest RequestFor(IncidentReport report, ImmutableArray<PeopleNeed> needs, DateTimeOffset respondBy)
    {
        var place = report.Place;
        return new DispatchRequest(Id, place.Longitude, place.Latitude, place.Street, place.Community, _catalog.Find(place.Community)?.Urban ?? true,
            report.Severity, respondBy, needs, State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal), HasLead: HasLead(respondBy));
    }

    private Task<DispatchDecision> AskBoard(string district, DispatchRequest request) =>
        GrainFactory.GetGrain<IDispatchGrain>(district).Dispatch(request);

    /// <summary>Someone already assigned is expected on scene by the deadline.</summary>
    private bool HasLead(DateTimeOffset respondBy) => State.Active.Any(a => a.DispatchedAt.AddMinutes(a.EtaMinutes) <= respondBy);

    private static string? NeedSkill(string label) => Enum.TryParse<ResponderRole>(label, out _) ? null : label;

    private static ResponderRole? NeedRole(string label) => Enum.TryParse<ResponderRole>(label, out var role) ? role : null;

    /// <summary>
    /// Records the decision and tells the people picked at the same time (one group commit, not two in a row). The
    /// board holds whom it picked, so a pick is almost always still free; one who is not any more is released again
    /// with that reason, and the next dispatch finds another. Answers with the picks that stand.
    /// </summary>
    private Task<DispatchDecision> Assign(DispatchDecision decision, TimelineKind kind, string note) =>
        TellPicked(decision, Record([new TimelineEntry(Now, "dispatch", kind, note, Decision: decision)]));

    /// <summary>The people picked are told while the decision is being recorded; answers with the picks that stand.</summary>
    private async Task<DispatchDecision> TellPicked(DispatchDecision decision, Task recorded)
    {
        var taken = await Task.WhenAll(decision.Picks.Select(p => GrainFactory.GetGrain<IResponderGrain>(p.ResponderId).Assign(Id)));
        await recorded;
        var refused = decision.Picks.Where((_, i) => !taken[i]).ToList();
        if (refused.Count > 0)
            await Record([.. refused.Select(p => new TimelineEntry(Now, "dispatch", TimelineKind.Released, "no longer free when asked", p.ResponderId))]);
        return decision with { Picks = [.. decision.Picks.Where((_, i) => taken[i])] };
    }

    private static string Summary(DispatchDecision d) =>
        d.Picks.IsEmpty ? "nobody assigned" : string.Join("; ", d.Picks.Select(p => $"{p.ResponderId} for '{p.Need}', ETA {p.EtaMinutes:0} min"))
        + (d.Unfilled.IsEmpty ? "" : "; unfilled: " + string.Join(", ", d.Unfilled.Select(u => $"{u.Missing} × {u.Need}")));

    /// <summary>First-expiry-first from the nearest stockpiles of the district that hold enough; a shortage is escalated.</summary>
    private async Task SeekSupplies(IncidentReport report)
    {
        var place = report.Place;
        var nearest = _catalog.City.Stockpiles
            .Where(s => s.OwnerCode.StartsWith(place.District, StringComparison.Ordinal))
            .OrderBy(s => EtaModel.GreatCircleKm(s.Location.X, s.Location.Y, place.Longitude, place.Latitude))
            .Take(NearestStockpilesTried)
            .ToList();
        var allocations = ImmutableArray.CreateBuilder<SupplyAllocation>();
        var short_ = new List<string>();
        foreach (var need in Playbooks.Get(report.Subtype).Supplies)
        {
            SupplyAllocation? allocation = null;
            foreach (var site in nearest)
            {
                try
                {
                    var issued = await GrainFactory.GetGrain<IStockpileGrain>(site.Id).Issue(
                        new IssueSupplies($"{Id}:{need.Category}", need.Category, need.Quantity, "dispatch", $"incident {Id}"));
                    allocation = new SupplyAllocation(site.Id, need.Category, need.Quantity, issued.Entries);
                    break;
                }
                catch (DomainRuleException)
                {
                    // not enough usable stock here: the next nearest
                }
            }
            if (allocation is null) short_.Add($"{need.Quantity} {SupplyCatalog.Get(need.Category).Unit} of {SupplyCatalog.Get(need.Category).En}");
            else allocations.Add(allocation);
        }
        var note = allocations.Count == 0 ? "no supplies needed or none found" : string.Join("; ", allocations.Select(a => $"{a.Quantity} × {a.Category} from {a.StockpileId}"));
        await Record([new TimelineEntry(Now, "dispatch", TimelineKind.SuppliesIssued, note, Supplies: allocations.ToImmutable())]);
        if (short_.Count > 0) await Escalate("supplies", $"short of {string.Join(", ", short_)} in the {NearestStockpilesTried} nearest stockpiles");
    }

    private const string NoResponder = "no-responder";
    private const string Late = "late";
    private const string NotAccepted = "not-accepted";

    /// <summary>Raised once per cause (the key): the watch retries every minute and must not repeat what is already known.</summary>
    private async Task Escalate(string cause, string reason)
    {
        var report = RequireReport();
        if (State.EscalatedFor.Contains(cause)) return;
        await Record([new TimelineEntry(Now, "dispatch", TimelineKind.Escalated, reason, Cause: cause)]);
        _events.Publish(new IncidentEscalated(Id, report.Place.Street, report.Place.District, reason, Now));
        await Announce(TimelineKind.Escalated);
        await Alert(AlertKindOf(cause), a => a.Raise(new AlertCondition(AlertKindOf(cause), report.Place.Street, report.Place.District, Id, reason, Now, report.Class.ToString())));
    }

    /// <summary>The street office's alert for each cause of escalation (rules in grains/Alerts/alert-rules.json).</summary>
    private static string AlertKindOf(string cause) => cause switch
    {
        "deadline:report-up" => "not-reported-up",
        NoResponder => "no-responder",
        Late or NotAccepted => "deadline-at-risk",
        "supplies" => "supplies-short",
        _ => "deadline-breached",
    };

    /// <summary>Conditions that are over once someone is on scene, or once the incident has ended.</summary>
    private async Task ClearAlerts(bool ended, string reason)
    {
        foreach (var cause in State.EscalatedFor.ToList())
        {
            var kind = AlertKindOf(cause);
            if (ended || kind is "no-responder" or "deadline-at-risk" or "supplies-short") await Alert(kind, a => a.Clear(reason));
        }
    }

    /// <summary>Alerts are told, not waited on for the incident's sake: a failure is logged and the incident goes on.</summary>
    private async Task Alert(string kind, Func<IAlertGrain, Task> change)
    {
        try
        {
            await change(GrainFactory.GetGrain<IAlertGrain>(AlertIds.For(RequireReport().Place.Street, kind, Id)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogAlertNotStored(_logger, e, kind, Id);
        }
    }

    // ---- the responders' steps ----

    public async Task<IncidentView> Accept(string responderId, string actor)
    {
        var assignment = RequireAssignment(responderId, AssignmentStatus.Dispatched, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status != AssignmentStatus.Dispatched) return await View(); // a resend
        await Step(TimelineKind.Accepted, responderId, actor, $"accepted '{assignment.Need}'");
        return await View();
    }

    public async Task<IncidentView> Decline(string responderId, string actor, string reason)
    {
        Require.Text(reason, nameof(reason), 500);
        RequireAssignment(responderId, AssignmentStatus.Dispatched);
        await ReleaseResponder(responderId, $"declined by {actor}: {reason}");
        return await Dispatch();
    }

    public async Task<IncidentView> Advance(string responderId, IncidentStage stage, string actor)
    {
        var (kind, target, duty) = stage switch
        {
            IncidentStage.EnRoute => (TimelineKind.EnRoute, AssignmentStatus.EnRoute, DutyState.EnRoute),
            IncidentStage.OnScene => (TimelineKind.OnScene, AssignmentStatus.OnScene, DutyState.OnScene),
            _ => throw new ArgumentException("A responder moves an assignment to EnRoute or OnScene; other stages have their own requests.", nameof(stage)),
        };
        var assignment = RequireAssignment(responderId, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status >= target) return await View(); // a resend, or already further
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Advance(Id, duty);
        var firstOnScene = State.FirstOnSceneAt is null && stage == IncidentStage.OnScene;
        await Step(kind, responderId, actor, $"'{assignment.Need}' {stage}");
        if (firstOnScene && RequireReport().Response == ResponseKind.Emergency) await RecordOutcome(State.FirstOnSceneAt <= RequireReport().Deadlines.RespondBy);
        if (firstOnScene) await ClearAlerts(ended: false, $"{responderId} on scene");
        return await View();
    }

    public async Task<IncidentView> Resolve(string actor, string note)
    {
        await EndingStep(IncidentStage.Resolved, TimelineKind.Resolved, actor, note);
        var report = RequireReport();
        var followUps = MissingNeeds(report, followUps: true);
        if (!State.FollowUpSent && followUps.Length > 0)
        {
            var by = report.ReportedAt + TimeSpan.FromHours(followUps.Max(n => n.FollowUpHours!.Value));
            await FindPeople(report, followUps, TimelineKind.FollowUpDispatched, by);
        }
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Close(string actor, string note)
    {
        await EndingStep(IncidentStage.Closed, TimelineKind.Closed, actor, note);
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Cancel(string actor, string reason)
    {
        await EndingStep(IncidentStage.Cancelled, TimelineKind.Cancelled, actor, reason);
        await ReturnSupplies();
        await KeepWatch();
        return await View();
    }

    /// <summary>Resolving, closing and cancelling end every active assignment: the responders are free again.</summary>
    private async Task EndingStep(IncidentStage to, TimelineKind kind, string actor, string note)
    {
        Require.Text(note, nameof(note), 1000);
        RequireMove(to);
        var active = State.Active.Select(a => a.ResponderId).ToList();
        await Step(kind, null, actor, note);
        foreach (var id in active) await GrainFactory.GetGrain<IResponderGrain>(id).Release(Id);
        await ClearAlerts(ended: true, $"incident {to.ToString().ToLowerInvariant()}: {note}");
        await ForgetMootDeadlines(to);
    }

    /// <summary>Supplies issued to a cancelled incident go back where they came from, batch by batch with their expiry.</summary>
    private async Task ReturnSupplies()
    {
        foreach (var allocation in State.Supplies)
            foreach (var line in allocation.Lines)
                await GrainFactory.GetGrain<IStockpileGrain>(allocation.StockpileId).Receive(new ReceiveSupplies(
                    $"{Id}:return:{line.BatchId}", line.Category, -line.Delta, line.Expiry, "dispatch", $"returned from cancelled incident {Id}"));
    }

    public async Task<IncidentView> Acknowledge(string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        RequireReport();
        if (!State.Acknowledged)
        {
            await Step(TimelineKind.Acknowledged, null, actor, "the street office has the report");
            if (State.EscalatedFor.Contains("deadline:report-up")) await Alert("not-reported-up", a => a.Clear($"acknowledged by {actor}"));
        }
        return await View();
    }

    public async Task ResponderWithdrew(string responderId, string reason)
    {
        if (!State.IsOpen || !State.Active.Any(a => a.ResponderId == responderId)) return;
        await Record([new TimelineEntry(Now, responderId, TimelineKind.Released, reason, responderId)]);
        await Dispatch();
    }

    private async Task ReleaseResponder(string responderId, string reason)
    {
        await Record([new TimelineEntry(Now, "dispatch", TimelineKind.Released, reason, responderId)]);
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Release(Id);
    }

    private async Task Step(TimelineKind kind, string? responderId, string actor, string note)
    {
        Require.Text(actor, nameof(actor), 64);
        await Record([new TimelineEntry(Now, actor, kind, note, responderId)]);
        await Announce(kind);
    }

    // ---- deadlines ----

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Report is not { } report)
        {
            await this.ForgetReminder(reminderName);
            return;
        }
        if (reminderName == Watch)
        {
            _watchKnown = false; // fired: set again for the next thing due, or forgotten
            if (State.IsOpen)
            {
                var released = await ReleaseUnaccepted();
                if (released || Now - _lastSearch >= _options.RetryUnfilledEvery) await DispatchPeople();
                await IssueSupplies(); // a lost first request for supplies is made good here
            }
            await KeepWatch();
            return;
        }
        var missed = reminderName switch
        {
            "report-up" => !State.Acknowledged,
            "on-scene" => State.FirstOnSceneAt is null && State.Stage != IncidentStage.Cancelled,
            "feedback" => State.IsOpen && !State.Assignments.Values.Any(a => a.Status is not (AssignmentStatus.Dispatched or AssignmentStatus.Released)),
            "resolve" => State.IsOpen,
            _ => false,
        };
        if (missed && reminderName == "on-scene") await RecordOutcome(onSceneInTime: false);
        if (missed && !State.MissedDeadlines.Contains(reminderName))
        {
            await Record([new TimelineEntry(Now, "system", TimelineKind.DeadlineMissed, reminderName)]);
            await Escalate($"deadline:{reminderName}", $"deadline missed: {reminderName} (reported {report.ReportedAt:HH:mm})");
        }
        // Forgotten only once handled: a deadline whose handling failed fires again a minute later.
        await this.ForgetReminder(reminderName);
    }

    private static readonly string[] DeadlineReminders = ["report-up", "on-scene", "feedback", "resolve"];

    /// <summary>A closed or cancelled incident keeps no reminder; a resolved one only those that may still be missed.</summary>
    private async Task ForgetMootDeadlines(IncidentStage stage)
    {
        var moot = stage == IncidentStage.Resolved ? ["feedback", "resolve"] : DeadlineReminders;
        foreach (var name in moot) await this.ForgetReminder(name);
    }

    /// <summary>
    /// The watch is one durable reminder set for the next moment something needs looking at: the first dispatch
    /// still unanswered reaching its acceptance timeout, the next search for needs still unfilled, supplies not yet
    /// sought. Nothing pending, no watch: a storm's thousands of open incidents do not each tick (and write) every minute.
    /// </summary>
    private DateTimeOffset? NextWatch()
    {
        if (!State.IsOpen || State.Report is not { } report) return null;
        var due = new List<DateTimeOffset>();
        due.AddRange(State.Active.Where(a => a.Status == AssignmentStatus.Dispatched).Select(a => a.DispatchedAt + _options.AcceptTimeout));
        if (State.Stage is not (IncidentStage.OnScene or IncidentStage.Resolved) && MissingNeeds(report, followUps: false).Length > 0)
            due.Add(_lastSearch + _options.RetryUnfilledEvery); // in the past after a restart: at once
        if (!State.SuppliesSought && due.Count == 0) due.Add(Now + _options.WatchInterval); // any watch that fires asks for them
        return due.Count == 0 ? null : due.Min();
    }

    /// <summary>When the registered watch is due, as this activation knows it (unknown after activation: set again).</summary>
    private DateTimeOffset? _watchDue;
    private bool _watchKnown;

    private async Task KeepWatch()
    {
        var next = NextWatch();
        if (_watchKnown && next == _watchDue) return;
        if (next is { } at) await this.RemindOnce(Watch, Max(at - Now, TimeSpan.Zero));
        else await this.ForgetReminder(Watch);
        (_watchDue, _watchKnown) = (next, true);
    }

    /// <summary>A dispatch not accepted within the configured time goes to the next best responder.</summary>
    private async Task<bool> ReleaseUnaccepted()
    {
        var now = Now;
        var late = State.Active.Where(a => a.Status == AssignmentStatus.Dispatched && now - a.DispatchedAt >= _options.AcceptTimeout).ToList();
        foreach (var a in late) await ReleaseResponder(a.ResponderId, $"not accepted within {_options.AcceptTimeout.TotalMinutes:0} min");
        // Minutes lost waiting for an answer put an emergency's deadline at risk: the street office hears it once.
        if (late.Count > 0 && RequireReport().Response == ResponseKind.Emergency && State.FirstOnSceneAt is null)
            await Escalate(NotAccepted, $"{string.Join(", ", late.Select(a => a.ResponderId))} did not accept within {_options.AcceptTimeout.TotalMinutes:0} min; sent to the next best");
        return late.Count > 0;
    }

    // ---- telling others ----

    /// <summary>The street's open-incident count, the grid's open list and the event stream all follow each change.</summary>
    private async Task Announce(TimelineKind cause)
    {
        var report = RequireReport();
        ReportToStreet();
        _events.Publish(new IncidentChanged(Summary(), cause)); // the change is stored: the map and the people hear it now
        await GrainFactory.GetGrain<IGridGrain>(report.Place.Grid).SetIncident(Id, State.IsOpen);
    }

    /// <summary>Today's share on scene in time counts this incident once; the count is a figure, so a failure only loses the figure.</summary>
    private async Task RecordOutcome(bool onSceneInTime)
    {
        try
        {
            await GrainFactory.GetGrain<IDailyOutcomesGrain>(DailyOutcomesGrain.KeyFor(RequireReport().ReportedAt)).Record(Id, onSceneInTime);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The incident's own timeline holds the truth; the day's figure is recounted from nothing else, so say so.
            LogOutcomeNotCounted(_logger, e, Id);
        }
    }

    public Task<IncidentSummary> GetSummary() => Task.FromResult(Summary());

    private IncidentSummary Summary()
    {
        var report = RequireReport();
        return new IncidentSummary(Id, _timeline.Length, State.Stage, report.Subtype, report.Severity, report.Place, report.ReportedAt,
            report.Deadlines.RespondBy, State.FirstOnSceneAt, State.Assignments.Values.Count(a => a.Status is not (AssignmentStatus.Released or AssignmentStatus.Done)),
            State.Escalated);
    }

    private RollupTotals? _reportedToStreet;

    /// <summary>
    /// Only a change in what the incident adds to the totals goes up (each one is stored by the street, the district and
    /// the city): the steps between (accepted, en route) change no total.
    /// </summary>
    private void ReportToStreet()
    {
        var contribution = Contribution();
        if (contribution == _reportedToStreet) return;
        _street.Report(_timeline.Length, contribution);
        _reportedToStreet = contribution;
    }

    /// <summary>What this incident adds to its street's totals: nothing once it has ended.</summary>
    private RollupTotals Contribution() => !State.IsOpen ? RollupTotals.Zero : new RollupTotals
    {
        OpenIncidents = 1,
        OpenEmergencies = State.Report!.Response == ResponseKind.Emergency ? 1 : 0,
        IncidentsEscalated = State.Escalated ? 1 : 0,
    };

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Report is not null) ReportToStreet(); // heals a report lost to a crash
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _street.Drained.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    // ---- checks and views ----

    private IncidentReport RequireReport() => State.Report ?? throw new NotFoundException($"No incident {Id} has been reported.");

    private void RequireMove(IncidentStage to)
    {
        RequireReport();
        if (!IncidentStages.CanMove(State.Stage, to)) throw new DomainRuleException($"Incident {Id} is {State.Stage}; it cannot become {to}.");
    }

    private Assignment RequireAssignment(string responderId, params AssignmentStatus[] from)
    {
        RequireReport();
        if (!State.Assignments.TryGetValue(responderId, out var a) || !from.Contains(a.Status))
            throw new DomainRuleException($"{responderId} has no assignment on incident {Id} in a state that allows this ({string.Join(" or ", from)}).");
        return a;
    }

    /// <summary>
    /// The timeline lines a view shows, read from the journal once per activation and then kept as they are
    /// recorded: every step answers with a view, and reading the journal back each time was most of an incident's garbage.
    /// </summary>
    private List<TimelineEntry>? _shown;

    /// <summary>Stores the entries (the journal applies them to the state), then shows them.</summary>
    private async Task Record(IReadOnlyList<TimelineEntry> entries)
    {
        await _timeline.AppendAsync(entries);
        _shown?.AddRange(entries.Take(Math.Max(0, TimelineShown - _shown.Count)));
    }

    /// <summary>Most timeline lines a view carries; a longer timeline is read in pages from the journal.</summary>
    public const int TimelineShown = 500;

    private async Task<IncidentView> View()
    {
        var report = RequireReport();
        var timeline = _shown ??= [.. await _timeline.ReadAsync(0, TimelineShown)];
        return new IncidentView(Id, State.Stage, report, [.. State.Assignments.Values.OrderBy(a => a.DispatchedAt)], [.. State.Supplies],
            [.. timeline], State.FirstOnSceneAt, State.Acknowledged);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Warning, Message = "First dispatch of {Incident} failed; the watch retries")]
    private static partial void LogFirstDispatchFailed(ILogger logger, Exception exception, string incident);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {Kind} of {Incident} could not be stored")]
    private static partial void LogAlertNotStored(ILogger logger, Exception exception, string kind, string incident);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of {Incident} not counted in the day's figures")]
    private static partial void LogOutcomeNotCounted(ILogger logger, Exception exception, string incident);
}
