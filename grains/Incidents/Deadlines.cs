using ThreeSocial.Grains.Calendar;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// The deadlines of the source documents, from the moment of the report (+08:00). Emergency: reported up to the
/// street office within 15 minutes and someone on scene within 2 hours. Service request: feedback within 24 hours,
/// resolved within 7 working days (China's working days: <see cref="WorkingCalendar"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.Deadlines")]
public sealed record Deadlines([Id(0)] DateTimeOffset? ReportUpBy, [Id(1)] DateTimeOffset? OnSceneBy, [Id(2)] DateTimeOffset? FeedbackBy, [Id(3)] DateTimeOffset? ResolveBy)
{
    public static readonly TimeSpan ReportUpWithin = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan OnSceneWithin = TimeSpan.FromHours(2);
    public static readonly TimeSpan FeedbackWithin = TimeSpan.FromHours(24);
    public const int ResolveWithinWorkingDays = 7;

    /// <summary>
    /// An open incident nobody has reached yet is at risk once it is escalated or this close to its first-response
    /// deadline: the map counts it in "at risk now" and turns its countdown amber (GET /api/v1/dashboard/config).
    /// </summary>
    public static readonly TimeSpan AtRiskWithin = TimeSpan.FromMinutes(30);

    /// <param name="calendar">China's working days; needed for a service request only (an emergency's deadlines are minutes and hours).</param>
    public static Deadlines For(ResponseKind response, DateTimeOffset reportedAt, WorkingCalendar? calendar) => response == ResponseKind.Emergency
        ? new Deadlines(reportedAt + ReportUpWithin, reportedAt + OnSceneWithin, null, null)
        : new Deadlines(null, null, reportedAt + FeedbackWithin,
            (calendar ?? throw new ArgumentNullException(nameof(calendar), "A service request's deadlines need the working calendar.")).AddWorkingDays(reportedAt, ResolveWithinWorkingDays));

    /// <summary>The deadline the first response is measured against: on scene (emergency) or feedback (service).</summary>
    public DateTimeOffset RespondBy => OnSceneBy ?? FeedbackBy!.Value;
}
