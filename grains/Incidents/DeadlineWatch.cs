using ThreeSocial.Grains.Dispatch;

namespace ThreeSocial.Grains.Incidents;

/// <summary>The four deadlines of the source documents; each is a durable one-shot reminder named as here.</summary>
[GenerateSerializer, Alias("ts.DeadlineKind")]
public enum DeadlineKind { ReportUp, OnScene, Feedback, Resolve }

/// <summary>
/// What the incident's reminders decide, without a silo: which deadlines to register, whether one was missed when it
/// fires, which become moot when the incident ends, and when the watch must next look.
/// </summary>
public static class DeadlineWatch
{
    /// <summary>The reminder that looks after unaccepted dispatches, unfilled needs and supplies not yet sought.</summary>
    public const string Watch = "watch";

    private static readonly DeadlineKind[] All = Enum.GetValues<DeadlineKind>();

    public static string ReminderName(this DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.ReportUp => "report-up",
        DeadlineKind.OnScene => "on-scene",
        DeadlineKind.Feedback => "feedback",
        _ => "resolve",
    };

    public static DeadlineKind? FromReminder(string name) => All.Cast<DeadlineKind?>().FirstOrDefault(d => d!.Value.ReminderName() == name);

    public static DateTimeOffset? At(this Deadlines deadlines, DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.ReportUp => deadlines.ReportUpBy,
        DeadlineKind.OnScene => deadlines.OnSceneBy,
        DeadlineKind.Feedback => deadlines.FeedbackBy,
        _ => deadlines.ResolveBy,
    };

    /// <summary>The deadlines this incident runs on (an emergency's two, a service request's two), with their moments.</summary>
    public static IEnumerable<(DeadlineKind Deadline, DateTimeOffset At)> Of(Deadlines deadlines) =>
        All.Where(d => deadlines.At(d) is not null).Select(d => (d, deadlines.At(d)!.Value));

    /// <summary>Whether the deadline, now come, was missed by the incident as it stands.</summary>
    public static bool IsMissed(DeadlineKind deadline, IncidentState state) => deadline switch
    {
        DeadlineKind.ReportUp => !state.Acknowledged,
        DeadlineKind.OnScene => state.FirstOnSceneAt is null && state.Stage != IncidentStage.Cancelled,
        DeadlineKind.Feedback => state.IsOpen && !state.Assignments.Values.Any(a => a.Status is not (AssignmentStatus.Dispatched or AssignmentStatus.Released)),
        _ => state.IsOpen,
    };

    /// <summary>A closed or cancelled incident keeps no deadline; a resolved one only those it may still miss.</summary>
    public static IEnumerable<DeadlineKind> MootOnceEnded(IncidentStage stage) =>
        stage == IncidentStage.Resolved ? [DeadlineKind.Feedback, DeadlineKind.Resolve] : All;

    /// <summary>
    /// The next moment something needs looking at: the first dispatch still unanswered reaching its acceptance timeout,
    /// the next search for needs still unfilled, supplies not yet sought. Nothing pending, no watch: a storm's thousands
    /// of open incidents do not each tick (and write) every minute.
    /// </summary>
    public static DateTimeOffset? NextWatch(IncidentState state, bool needsUnfilled, DateTimeOffset lastSearch, DateTimeOffset now, DispatchOptions options)
    {
        if (!state.IsOpen) return null;
        var due = new List<DateTimeOffset>();
        due.AddRange(state.Active.Where(a => a.Status == AssignmentStatus.Dispatched).Select(a => a.DispatchedAt + options.AcceptTimeout));
        if (state.Stage is not (IncidentStage.OnScene or IncidentStage.Resolved) && needsUnfilled)
            due.Add(lastSearch + options.RetryUnfilledEvery); // in the past after a restart: at once
        if (!state.SuppliesSought && due.Count == 0) due.Add(now + options.WatchInterval); // any watch that fires asks for them
        return due.Count == 0 ? null : due.Min();
    }

    /// <summary>Dispatches not accepted within the configured time: they go to the next best responder.</summary>
    public static IReadOnlyList<Assignment> Unaccepted(IncidentState state, DateTimeOffset now, TimeSpan acceptTimeout) =>
        [.. state.Active.Where(a => a.Status == AssignmentStatus.Dispatched && now - a.DispatchedAt >= acceptTimeout)];
}
