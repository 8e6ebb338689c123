using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Silo.Simulation;

public sealed record Percentiles(double P50, double P90, double Max);

/// <summary>Wall-clock milliseconds from a report's arrival to its first dispatch decision being stored and published.</summary>
public sealed record DispatchLatency(double P50, double P95, double P99, double Max, int Measured);

public sealed record SeverityOutcome(int Emergencies, int OnSceneWithin2h, double Share);

/// <summary>Alerts to street offices during the run: CAP messages sent, received by the webhook, and how long that took
/// (from the alert's message being stored and published to its receipt, wall clock).</summary>
public sealed record WebhookOutcome(int Alerts, int Messages, int Received, DispatchLatency? MillisecondsToReceipt)
{
    public static WebhookOutcome From(int alerts, IReadOnlyDictionary<string, DateTimeOffset> published, IEnumerable<(string Identifier, DateTimeOffset At)> received)
    {
        var latencies = received.Where(r => published.ContainsKey(r.Identifier))
            .GroupBy(r => r.Identifier).Select(g => (g.Min(r => r.At) - published[g.Key]).TotalMilliseconds).Order().ToList();
        double At(double q) => Math.Round(latencies[Math.Min(latencies.Count - 1, (int)(q * latencies.Count))], 1);
        return new WebhookOutcome(alerts, published.Count, latencies.Count,
            latencies.Count == 0 ? null : new DispatchLatency(At(0.5), At(0.95), At(0.99), Math.Round(latencies[^1], 1), latencies.Count));
    }
}

/// <summary>What a scenario run produced, as written to --out: the figures the 2-hour target is judged by.</summary>
public sealed record SimulationReport(
    string Scenario, string Router, int Seed, double Speed, double SimulatedHours, double WallSeconds, int RespondersOnDuty,
    int Incidents, int Emergencies, int EmergenciesOnSceneWithin2h, double ShareOnSceneWithin2h, int NeverOnScene,
    Percentiles? MinutesToOnScene, IReadOnlyDictionary<string, SeverityOutcome> BySeverity,
    int Escalated, IReadOnlyDictionary<string, int> EscalationCauses, int MutualAidAssignments, int NotAcceptedInTime,
    int ReportUpMissed, int Resolved, int Closed, int StillOpen, IReadOnlyDictionary<string, int> StockIssued, int RespondersUsed,
    double ResponderUtilisation, int IncidentsShortOfSupplies, DispatchLatency? TimeToDispatchMs)
{
    /// <summary>Why each emergency without someone on scene in time missed (see <see cref="MissCause"/>).</summary>
    public IReadOnlyDictionary<string, int> MissedBecause { get; init; } = new Dictionary<string, int>();

    /// <summary>Set when the run delivered alerts to a webhook (simulate --webhooks true).</summary>
    public WebhookOutcome? Webhooks { get; init; }

    public static SimulationReport From(Scenario scenario, int seed, double speed, ThreeSocial.Grains.Dispatch.DispatchStrategy router,
        IReadOnlyList<IncidentView> views, int onDuty, TimeSpan simulated, TimeSpan wall, List<double> dispatchMs, SupplyCatalog supplies)
    {
        dispatchMs.Sort();
        var emergencies = views.Where(v => v.Report.Response == ResponseKind.Emergency).ToList();
        bool InTime(IncidentView v) => v.FirstOnSceneAt is { } at && at <= v.Report.Deadlines.OnSceneBy;
        var minutes = emergencies.Where(v => v.FirstOnSceneAt is not null)
            .Select(v => (v.FirstOnSceneAt!.Value - v.Report.ReportedAt).TotalMinutes).Order().ToList();
        var assignments = views.SelectMany(v => v.Assignments).ToList();
        return new SimulationReport(
            scenario.Name, router.ToString(), seed, speed, Math.Round(simulated.TotalHours, 2), Math.Round(wall.TotalSeconds, 1), onDuty,
            views.Count, emergencies.Count, emergencies.Count(InTime), Share(emergencies.Count(InTime), emergencies.Count),
            emergencies.Count(v => v.FirstOnSceneAt is null),
            minutes.Count == 0 ? null : new Percentiles(Round(At(minutes, 0.5)), Round(At(minutes, 0.9)), Round(minutes[^1])),
            emergencies.GroupBy(v => v.Report.Severity).OrderBy(g => g.Key).ToDictionary(g => g.Key.ToString(),
                g => new SeverityOutcome(g.Count(), g.Count(InTime), Share(g.Count(InTime), g.Count()))),
            views.Count(v => v.Timeline.Any(t => t.Kind == TimelineKind.Escalated)),
            views.SelectMany(v => v.Timeline).OfType<TimelineEntry.Escalated>().GroupBy(t => t.Cause.Name())
                .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count()),
            assignments.Count(a => a.MutualAid),
            assignments.Count(a => a.ReleasedBecause?.StartsWith("not accepted", StringComparison.Ordinal) == true),
            views.Count(v => v.Timeline.Any(t => t is TimelineEntry.DeadlineMissed { Deadline: DeadlineKind.ReportUp })),
            views.Count(v => v.Stage is IncidentStage.Resolved or IncidentStage.Closed),
            views.Count(v => v.Stage == IncidentStage.Closed),
            views.Count(v => IncidentStages.IsOpen(v.Stage)),
            views.SelectMany(v => v.Supplies).GroupBy(s => s.Category).OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => $"{g.Key} {supplies.Get(g.Key).En}", g => g.Sum(s => s.Quantity)),
            assignments.Select(a => a.ResponderId).Distinct().Count(),
            // Share of on-duty time spent on assignments, counting each assignment from dispatch to the incident's end.
            onDuty == 0 ? 0 : Math.Round(BusyHours(views) / (onDuty * simulated.TotalHours), 4),
            views.Count(v => v.Timeline.Any(t => t is TimelineEntry.Escalated { Cause: EscalationCause.SuppliesShort })),
            dispatchMs.Count == 0 ? null : new DispatchLatency(Round(At(dispatchMs, 0.5)), Round(At(dispatchMs, 0.95)), Round(At(dispatchMs, 0.99)), Round(dispatchMs[^1]), dispatchMs.Count))
        {
            MissedBecause = emergencies.Where(v => !InTime(v)).GroupBy(MissCause).OrderByDescending(g => g.Count()).ToDictionary(g => g.Key, g => g.Count()),
        };
    }

    /// <summary>
    /// Where a missed emergency went wrong, first cause first: nobody could be sent at all; the first people sent were
    /// already expected late; someone expected in time did not accept and the next was too late; or people expected in
    /// time were slower than their ETA.
    /// </summary>
    public static string MissCause(IncidentView v)
    {
        var first = v.Timeline.OfType<TimelineEntry.Dispatched>().FirstOrDefault(t => !t.Decision.Picks.IsEmpty)?.Decision;
        if (first is null) return "nobody free to send";
        if (!first.Picks.Any(p => p.MeetsDeadline)) return "first people sent already expected late";
        if (v.Assignments.Any(a => a.ReleasedBecause?.StartsWith("not accepted", StringComparison.Ordinal) == true)) return "not accepted, the next too late";
        return "slower than the ETA";
    }

    private static double BusyHours(IReadOnlyList<IncidentView> views) => views.Sum(v =>
    {
        var end = v.Timeline.LastOrDefault(t => t.Kind is TimelineKind.Resolved or TimelineKind.Cancelled)?.At ?? v.Timeline[^1].At;
        return v.Assignments.Where(a => a.Status != AssignmentStatus.Released).Sum(a => Math.Max(0, (end - a.DispatchedAt).TotalHours));
    });

    private static double Share(int part, int whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4);

    private static double At(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(q * sorted.Count))];

    private static double Round(double value) => Math.Round(value, 1);
}
