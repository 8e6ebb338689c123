using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Reports;
using ThreeSocial.Reminders;
using ThreeSocial.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Journal;
using ThreeSocial.Grains.Texts;

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
    private readonly Playbooks _playbooks;
    private readonly SupplyCatalog _supplies;

    public IncidentGrain([Journal("incident")] IJournal<IncidentState, TimelineEntry> timeline, RegionCatalog catalog, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
        IGrainFactory grains, EventStream events, Playbooks playbooks, SupplyCatalog supplies, ILogger<IncidentGrain> logger, IOptions<DispatchOptions> options)
    {
        _playbooks = playbooks;
        _supplies = supplies;
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
        {
            await SetDeadlinesAgain();
            return new ReportResult(await View(), Replayed: true);
        }
        // Only a service request's 7 working days need the holiday table: an emergency (the hot path in a storm) does not wait for it.
        var calendar = _playbooks.Get(report.Subtype).Response == ResponseKind.Service
            ? new WorkingCalendar(await GrainFactory.GetGrain<IHolidayCalendarGrain>(HolidayCalendarGrain.Key).Get())
            : null;
        var now = Now;
        var filed = IncidentIntake.Take(Id, report, _playbooks, _catalog, calendar, now);
        var place = filed.Place;

        // The board is asked while the report is being checked in: a decision back in time is stored with the report,
        // in the same write, so the first people are sent after one commit instead of two.
        var needs = PeopleSearch.Missing(_playbooks.Get(filed.Subtype), [], followUps: false);
        var request = needs.IsEmpty ? null : RequestFor(filed, needs, filed.Deadlines.RespondBy);
        var asked = request is null ? null : new BoardAnswer(request, AskBoard(place.District, request), Recorded: false);
        var decision = asked is null ? null : await WithinFirstDecisionWait(asked.Decision);
        await Record([
            new TimelineEntry.Reported(now, report.Reporter, "", filed).Saying(Phrase.Of("timeline.reported", _playbooks.Get(filed.Subtype).Zh, place.Grid)),
            new TimelineEntry.ReportedUp(now, "system", "").Saying(Phrase.Of("timeline.reported-up", place.Street)),
            .. decision is null ? Array.Empty<TimelineEntry>() : [new TimelineEntry.Dispatched(now, "dispatch", PeopleSearch.Summary(decision), decision)],
        ]);
        // Then, together: the map and the people hear it, the deadlines are set, the people picked are told (or the
        // board's late answer is awaited), and mutual aid is asked where needed.
        await Task.WhenAll(
            Announce(TimelineKind.Reported),
            decision is { Picks.IsEmpty: false } ? Announce(TimelineKind.Dispatched) : Task.CompletedTask,
            RegisterDeadlines(DeadlineWatch.Of(filed.Deadlines)),
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
    private Task RegisterDeadlines(IEnumerable<(DeadlineKind Deadline, DateTimeOffset At)> deadlines)
    {
        var now = Now;
        return Task.WhenAll(deadlines.Select(d => this.RemindOnce(d.Deadline.ReminderName(), Max(d.At - now, TimeSpan.Zero))));
    }

    /// <summary>
    /// A resent report sets its open incident's deadlines and watch again: a first attempt that stored the report but
    /// could not set them (storage went away in between; the caller got a 503 and retried) is finished by the retry.
    /// Only deadlines not yet met nor handled; a reminder set twice is still one.
    /// </summary>
    private async Task SetDeadlinesAgain()
    {
        if (State.Report is not { } report || !State.IsOpen) return;
        await RegisterDeadlines(DeadlineWatch.Of(report.Deadlines)
            .Where(d => DeadlineWatch.IsMissed(d.Deadline, State) && !State.MissedDeadlines.Contains(d.Deadline)));
        _watchKnown = false; // set again whatever this activation believes: the row is what counts
        await KeepWatch();
    }

    public Task<IncidentView> Get() => View();

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

    private IncidentReport RequireReport() => State.Report ?? throw new NotFoundException("missing.incident-reported", Id);

    private void RequireMove(IncidentStage to)
    {
        RequireReport();
        if (!IncidentStages.CanMove(State.Stage, to)) throw new DomainRuleException("rule.incident-stage", Id, State.Stage, to);
    }

    private Assignment RequireAssignment(string responderId, params AssignmentStatus[] from)
    {
        RequireReport();
        if (!State.Assignments.TryGetValue(responderId, out var a) || !from.Contains(a.Status))
            throw new DomainRuleException("rule.no-such-assignment", responderId, Id, Phrase.List(from.Select(s => Phrase.Plain(s))));
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
        await TellCompliance();
    }

    private ComplianceRecord? _toldCompliance;

    /// <summary>
    /// The street's compliance report hears the incident's deadlines whenever one is met, missed or settled (one-way,
    /// whole record by version; after a restart the first change tells it again, so a push lost in a crash is made good).
    /// </summary>
    private async Task TellCompliance()
    {
        if (State.Report is not { } report) return;
        var record = ComplianceFacts.Of(Id, State, _timeline.Length);
        if (record.SameAs(_toldCompliance)) return;
        var day = ComplianceDayGrain.KeyFor(RegionCode.Parse(report.Place.Street), ChongqingTime.DateOf(report.ReportedAt));
        await GrainFactory.GetGrain<IComplianceDayGrain>(day).Put(record);
        _toldCompliance = record;
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
