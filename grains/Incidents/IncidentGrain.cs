using ThreeSocial.Reminders;
using ThreeSocial.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Collections.Immutable;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// One incident, from report to close: it keeps the timeline and tells the others (boards, responders, stockpiles,
/// alerts, the map). What it decides lives in plain classes: <see cref="IncidentIntake"/>, <see cref="PeopleSearch"/>,
/// <see cref="SupplySearch"/>, <see cref="Escalations"/> and <see cref="DeadlineWatch"/>.
/// </summary>
public sealed partial class IncidentGrain : Grain, IIncidentGrain, IRemindable
{
    private readonly IJournal<IncidentState, TimelineEntry> _timeline;
    private readonly RegionCatalog _catalog;
    private readonly TimeProvider _clock;
    private readonly EventStream _events;
    private readonly DispatchOptions _options;
    private readonly ParentReporter _street;
    private readonly ILogger<IncidentGrain> _logger;

    public IncidentGrain([Journal("incident")] IJournal<IncidentState, TimelineEntry> timeline, RegionCatalog catalog, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
        IGrainFactory grains, EventStream events, ILogger<IncidentGrain> logger, IOptions<DispatchOptions> options)
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
        if (RecentRequests.IsResend(State.Report?.Fingerprint, report, report.RequestId, "Idempotency-Key", "Idempotency key", "report"))
            return new ReportResult(await View(), Replayed: true);
        var now = Now;
        var filed = IncidentIntake.Take(Id, report, _catalog, now);
        var place = filed.Place;

        // The board is asked while the report is being checked in: a decision back in time is stored with the report,
        // in the same write, so the first people are sent after one commit instead of two.
        var needs = PeopleSearch.Missing(Playbooks.Get(filed.Subtype), [], followUps: false);
        var request = needs.IsEmpty ? null : RequestFor(filed, needs, filed.Deadlines.RespondBy);
        var asked = request is null ? null : new BoardAnswer(request, AskBoard(place.District, request), Recorded: false);
        var decision = asked is null ? null : await WithinFirstDecisionWait(asked.Decision);
        await Record([
            new TimelineEntry.Reported(now, report.Reporter, $"{Playbooks.Get(filed.Subtype).Zh} reported in grid {place.Grid}", filed),
            new TimelineEntry.ReportedUp(now, "system", $"sent to street office {place.Street}"),
            .. decision is null ? Array.Empty<TimelineEntry>() : [new TimelineEntry.Dispatched(now, "dispatch", PeopleSearch.Summary(decision), decision)],
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
            else await FindPeople(RequireReport(), asked.Request.Needs, followUp: false, asked.Request.RespondBy, asked);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFirstDispatchFailed(_logger, e, Id);
        }
    }

    /// <summary>Registered together: each is its own durable write, and the report's answer waits for all of them.</summary>
    private Task RegisterDeadlines(IncidentReport report)
    {
        var now = Now;
        return Task.WhenAll(DeadlineWatch.Of(report.Deadlines).Select(d => this.RemindOnce(d.Deadline.ReminderName(), Max(d.At - now, TimeSpan.Zero))));
    }

    public Task<IncidentView> Get() => View();

    // ---- people ----

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
        var missing = Missing(report, followUps: false);
        if (missing.Length > 0) await FindPeople(report, missing, followUp: false, report.Deadlines.RespondBy);
    }

    private ImmutableArray<PeopleNeed> Missing(IncidentReport report, bool followUps, IReadOnlyDictionary<string, int>? keptBack = null) =>
        PeopleSearch.Missing(Playbooks.Get(report.Subtype), State.Active, followUps, keptBack);

    private DateTimeOffset _lastSearch;

    /// <summary>
    /// Asks the district's board; when that leaves a need unfilled or late, asks the neighbouring districts (mutual
    /// aid) for what is still missing and keeps whichever answer arrives sooner. Records every decision with its reasons.
    /// </summary>
    private async Task FindPeople(IncidentReport report, ImmutableArray<PeopleNeed> needs, bool followUp, DateTimeOffset respondBy, BoardAnswer? asked = null)
    {
        _lastSearch = Now;
        var kind = followUp ? TimelineKind.FollowUpDispatched : TimelineKind.Dispatched;
        var request = asked?.Request ?? RequestFor(report, needs, respondBy);
        var decision = await (asked?.Decision ?? AskBoard(report.Place.District, request));
        DispatchDecision assigned;
        if (asked is { Recorded: true }) assigned = await TellPicked(decision, Task.CompletedTask); // stored with the report, and announced
        else
        {
            // A retry that finds nobody again adds nothing: the escalation already says so.
            assigned = !decision.Picks.IsEmpty || !State.EscalatedFor.Contains(EscalationCause.NoResponder)
                ? await Assign(decision, followUp, PeopleSearch.Summary(decision)) : decision;
            if (!assigned.Picks.IsEmpty) await Announce(kind); // the people sent so far are news before mutual aid is asked
        }

        var keptBack = PeopleSearch.KeptBack(assigned);
        var stillMissing = Missing(report, followUp, keptBack);
        var late = assigned.Picks.Where(p => !p.MeetsDeadline).ToList();
        foreach (var neighbour in _catalog.NeighbourDistricts(report.Place.District))
        {
            var lead = PeopleSearch.HasLead(State.Active, respondBy);
            if (!PeopleSearch.NeedsNeighbour(stillMissing, lead, late.Count)) break;
            var aid = await AskBoard(neighbour, request with
            {
                Needs = PeopleSearch.ForNeighbour(stillMissing, late, lead),
                Exclude = State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal),
                MutualAid = true,
                HasLead = lead,
            });
            var helping = aid with { Picks = [.. aid.Picks.Where(p => p.MeetsDeadline)] };
            if (helping.Picks.IsEmpty) continue;
            var took = await Assign(helping, followUp, $"mutual aid from district {neighbour}: " + PeopleSearch.Summary(helping));
            // A late responder replaced by an earlier one from next door is released.
            foreach (var p in late.Where(l => took.Picks.Any(t => t.Need == l.Need)).ToList())
            {
                await ReleaseResponder(p.ResponderId, $"replaced by an earlier mutual-aid responder for '{p.Need}'");
                late.Remove(p);
            }
            stillMissing = Missing(report, followUp, keptBack);
        }
        if (PeopleSearch.Shortfall(stillMissing, [.. State.Active], respondBy) is var (cause, reason)) await Escalate(cause, reason);
        await Announce(kind);
    }

    private DispatchRequest RequestFor(IncidentReport report, ImmutableArray<PeopleNeed> needs, DateTimeOffset respondBy)
    {
        var place = report.Place;
        return new DispatchRequest(Id, place.Longitude, place.Latitude, place.Street, place.Community, _catalog.Find(place.Community)?.Urban ?? true,
            report.Severity, respondBy, needs, State.Assignments.Keys.ToImmutableHashSet(StringComparer.Ordinal), HasLead: PeopleSearch.HasLead(State.Active, respondBy));
    }

    private Task<DispatchDecision> AskBoard(string district, DispatchRequest request) =>
        GrainFactory.GetGrain<IDispatchGrain>(district).Dispatch(request);

    /// <summary>
    /// Records the decision and tells the people picked at the same time (one group commit, not two in a row). The
    /// board holds whom it picked, so a pick is almost always still free; one who is not any more is released again
    /// with that reason, and the next dispatch finds another. Answers with the picks that stand.
    /// </summary>
    private Task<DispatchDecision> Assign(DispatchDecision decision, bool followUp, string note) =>
        TellPicked(decision, Record([followUp
            ? new TimelineEntry.FollowUpDispatched(Now, "dispatch", note, decision)
            : new TimelineEntry.Dispatched(Now, "dispatch", note, decision)]));

    /// <summary>The people picked are told while the decision is being recorded; answers with the picks that stand.</summary>
    private async Task<DispatchDecision> TellPicked(DispatchDecision decision, Task recorded)
    {
        var taken = await Task.WhenAll(decision.Picks.Select(p => GrainFactory.GetGrain<IResponderGrain>(p.ResponderId).Assign(Id)));
        await recorded;
        var refused = decision.Picks.Where((_, i) => !taken[i]).ToList();
        if (refused.Count > 0)
            await Record([.. refused.Select(p => new TimelineEntry.Released(Now, "dispatch", "no longer free when asked", p.ResponderId))]);
        return decision with { Picks = [.. decision.Picks.Where((_, i) => taken[i])] };
    }

    // ---- supplies ----

    public async Task IssueSupplies()
    {
        if (State.IsOpen && !State.SuppliesSought) await SeekSupplies(RequireReport());
    }

    /// <summary>First-expiry-first from the nearest stockpiles of the district that hold enough; a shortage is escalated.</summary>
    private async Task SeekSupplies(IncidentReport report)
    {
        var nearest = SupplySearch.Nearest(_catalog.City, report.Place);
        var allocations = ImmutableArray.CreateBuilder<SupplyAllocation>();
        var shortages = new List<string>();
        foreach (var need in Playbooks.Get(report.Subtype).Supplies)
        {
            if (await IssueFromNearest(nearest, need) is { } allocation) allocations.Add(allocation);
            else shortages.Add(SupplySearch.Shortage(need));
        }
        await Record([new TimelineEntry.SuppliesIssued(Now, "dispatch", SupplySearch.Note(allocations), allocations.ToImmutable())]);
        if (shortages.Count > 0) await Escalate(EscalationCause.SuppliesShort, SupplySearch.ShortageReason(shortages));
    }

    private async Task<SupplyAllocation?> IssueFromNearest(IReadOnlyList<Geography.StockpileSite> nearest, SupplyNeed need)
    {
        foreach (var site in nearest)
        {
            try
            {
                var issued = await GrainFactory.GetGrain<IStockpileGrain>(site.Id).Issue(
                    new IssueSupplies($"{Id}:{need.Category}", need.Category, need.Quantity, "dispatch", $"incident {Id}"));
                return new SupplyAllocation(site.Id, need.Category, need.Quantity, issued.Entries);
            }
            catch (DomainRuleException)
            {
                // not enough usable stock here: the next nearest
            }
        }
        return null;
    }

    /// <summary>Supplies issued to a cancelled incident go back where they came from, batch by batch with their expiry.</summary>
    private async Task ReturnSupplies()
    {
        foreach (var allocation in State.Supplies)
            foreach (var line in allocation.Lines)
                await GrainFactory.GetGrain<IStockpileGrain>(allocation.StockpileId).Receive(new ReceiveSupplies(
                    $"{Id}:return:{line.BatchId}", line.Category, -line.Delta, line.Expiry, "dispatch", $"returned from cancelled incident {Id}"));
    }

    // ---- escalation ----

    /// <summary>Raised once per cause: the watch retries every minute and must not repeat what is already known.</summary>
    private async Task Escalate(EscalationCause cause, string reason)
    {
        var report = RequireReport();
        if (State.EscalatedFor.Contains(cause)) return;
        await Record([new TimelineEntry.Escalated(Now, "dispatch", reason, cause)]);
        await Announce(TimelineKind.Escalated);
        await Alert(cause, a => a.Raise(new AlertCondition(cause.AlertKind(), report.Place.Street, report.Place.District, Id, reason, Now, report.Class.ToString())));
    }

    /// <summary>Conditions that are over once someone is on scene, or once the incident has ended.</summary>
    private async Task ClearAlerts(bool ended, string reason)
    {
        foreach (var cause in State.EscalatedFor.Where(c => ended || c.IsOverOnScene()).DistinctBy(c => c.AlertKind()).ToList())
            await Alert(cause, a => a.Clear(reason));
    }

    private Task<bool> Alert(EscalationCause cause, Func<IAlertGrain, Task> change) =>
        GrainFactory.Tell(RequireReport().Place.Street, cause.AlertKind(), Id, change, _logger);

    // ---- the responders' steps ----

    public async Task<IncidentView> Accept(string responderId, string actor)
    {
        var assignment = RequireAssignment(responderId, AssignmentStatus.Dispatched, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status != AssignmentStatus.Dispatched) return await View(); // a resend
        await Step(new TimelineEntry.Accepted(Now, Actor(actor), $"accepted '{assignment.Need}'", responderId));
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
        var (target, duty) = stage switch
        {
            IncidentStage.EnRoute => (AssignmentStatus.EnRoute, DutyState.EnRoute),
            IncidentStage.OnScene => (AssignmentStatus.OnScene, DutyState.OnScene),
            _ => throw new InvalidRequestException("A responder moves an assignment to EnRoute or OnScene; other stages have their own requests.", nameof(stage)),
        };
        var assignment = RequireAssignment(responderId, AssignmentStatus.Accepted, AssignmentStatus.EnRoute, AssignmentStatus.OnScene);
        if (assignment.Status >= target) return await View(); // a resend, or already further
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Advance(Id, duty);
        var firstOnScene = State.FirstOnSceneAt is null && stage == IncidentStage.OnScene;
        var note = $"'{assignment.Need}' {stage}";
        await Step(stage == IncidentStage.OnScene
            ? new TimelineEntry.OnScene(Now, Actor(actor), note, responderId)
            : new TimelineEntry.EnRoute(Now, Actor(actor), note, responderId));
        if (firstOnScene && RequireReport().Response == ResponseKind.Emergency) await RecordOutcome(State.FirstOnSceneAt <= RequireReport().Deadlines.RespondBy);
        if (firstOnScene) await ClearAlerts(ended: false, $"{responderId} on scene");
        return await View();
    }

    public async Task<IncidentView> Resolve(string actor, string note)
    {
        await EndingStep(IncidentStage.Resolved, new TimelineEntry.Resolved(Now, Actor(actor), Note(note)));
        var report = RequireReport();
        var followUps = Missing(report, followUps: true);
        if (!State.FollowUpSent && followUps.Length > 0)
            await FindPeople(report, followUps, followUp: true, report.ReportedAt + TimeSpan.FromHours(followUps.Max(n => n.FollowUpHours!.Value)));
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Close(string actor, string note)
    {
        await EndingStep(IncidentStage.Closed, new TimelineEntry.Closed(Now, Actor(actor), Note(note)));
        await KeepWatch();
        return await View();
    }

    public async Task<IncidentView> Cancel(string actor, string reason)
    {
        await EndingStep(IncidentStage.Cancelled, new TimelineEntry.Cancelled(Now, Actor(actor), Note(reason)));
        await ReturnSupplies();
        await KeepWatch();
        return await View();
    }

    private static string Actor(string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        return actor;
    }

    private static string Note(string note)
    {
        Require.Text(note, nameof(note), 1000);
        return note;
    }

    /// <summary>Resolving, closing and cancelling end every active assignment: the responders are free again.</summary>
    private async Task EndingStep(IncidentStage to, TimelineEntry entry)
    {
        RequireMove(to);
        var active = State.Active.Select(a => a.ResponderId).ToList();
        await Step(entry);
        foreach (var id in active) await GrainFactory.GetGrain<IResponderGrain>(id).Release(Id);
        await ClearAlerts(ended: true, $"incident {to.ToString().ToLowerInvariant()}: {entry.Note}");
        foreach (var deadline in DeadlineWatch.MootOnceEnded(to)) await this.ForgetReminder(deadline.ReminderName());
    }

    public async Task<IncidentView> Acknowledge(string actor)
    {
        Actor(actor);
        RequireReport();
        if (!State.Acknowledged)
        {
            await Step(new TimelineEntry.Acknowledged(Now, actor, "the street office has the report"));
            if (State.EscalatedFor.Contains(EscalationCause.ReportUpMissed)) await Alert(EscalationCause.ReportUpMissed, a => a.Clear($"acknowledged by {actor}"));
        }
        return await View();
    }

    public async Task ResponderWithdrew(string responderId, string reason)
    {
        if (!State.IsOpen || !State.Active.Any(a => a.ResponderId == responderId)) return;
        await Record([new TimelineEntry.Released(Now, responderId, reason, responderId)]);
        await Dispatch();
    }

    private async Task ReleaseResponder(string responderId, string reason)
    {
        await Record([new TimelineEntry.Released(Now, "dispatch", reason, responderId)]);
        await GrainFactory.GetGrain<IResponderGrain>(responderId).Release(Id);
    }

    private async Task Step(TimelineEntry entry)
    {
        await Record([entry]);
        await Announce(entry.Kind);
    }

    // ---- deadlines and the watch ----

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (State.Report is not { } report)
        {
            await this.ForgetReminder(reminderName);
            return;
        }
        if (reminderName == DeadlineWatch.Watch)
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
        if (DeadlineWatch.FromReminder(reminderName) is { } deadline && DeadlineWatch.IsMissed(deadline, State))
        {
            if (deadline == DeadlineKind.OnScene) await RecordOutcome(onSceneInTime: false);
            if (!State.MissedDeadlines.Contains(deadline))
            {
                await Record([new TimelineEntry.DeadlineMissed(Now, deadline)]);
                await Escalate(deadline.MissedCause(), $"deadline missed: {reminderName} (reported {report.ReportedAt:HH:mm})");
            }
        }
        // Forgotten only once handled: a deadline whose handling failed fires again a minute later.
        await this.ForgetReminder(reminderName);
    }

    /// <summary>When the registered watch is due, as this activation knows it (unknown after activation: set again).</summary>
    private DateTimeOffset? _watchDue;
    private bool _watchKnown;

    private async Task KeepWatch()
    {
        var next = State.Report is { } report
            ? DeadlineWatch.NextWatch(State, Missing(report, followUps: false).Length > 0, _lastSearch, Now, _options)
            : null;
        if (_watchKnown && next == _watchDue) return;
        if (next is { } at) await this.RemindOnce(DeadlineWatch.Watch, Max(at - Now, TimeSpan.Zero));
        else await this.ForgetReminder(DeadlineWatch.Watch);
        (_watchDue, _watchKnown) = (next, true);
    }

    /// <summary>A dispatch not accepted within the configured time goes to the next best responder.</summary>
    private async Task<bool> ReleaseUnaccepted()
    {
        var late = DeadlineWatch.Unaccepted(State, Now, _options.AcceptTimeout);
        foreach (var a in late) await ReleaseResponder(a.ResponderId, $"not accepted within {_options.AcceptTimeout.TotalMinutes:0} min");
        // Minutes lost waiting for an answer put an emergency's deadline at risk: the street office hears it once.
        if (late.Count > 0 && RequireReport().Response == ResponseKind.Emergency && State.FirstOnSceneAt is null)
            await Escalate(EscalationCause.NotAccepted, $"{string.Join(", ", late.Select(a => a.ResponderId))} did not accept within {_options.AcceptTimeout.TotalMinutes:0} min; sent to the next best");
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
        RequireReport();
        return State.Summary(Id, _timeline.Length);
    }

    private RollupTotals? _reportedToStreet;

    /// <summary>
    /// Only a change in what the incident adds to the totals goes up (each one is stored by the street, the district and
    /// the city): the steps between (accepted, en route) change no total.
    /// </summary>
    private void ReportToStreet()
    {
        var contribution = State.Contribution();
        if (contribution == _reportedToStreet) return;
        _street.Report(_timeline.Length, contribution);
        _reportedToStreet = contribution;
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (State.Report is not null) ReportToStreet(); // heals a report lost to a crash
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _street.DrainAsync(cancellationToken);

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outcome of {Incident} not counted in the day's figures")]
    private static partial void LogOutcomeNotCounted(ILogger logger, Exception exception, string incident);
}
