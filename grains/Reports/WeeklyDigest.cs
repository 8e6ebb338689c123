using System.Globalization;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// Each street office's weekly digest: which week is due when, and what it says. It goes out on Monday at 08:00,
/// Chongqing time, for the week that ended the night before, as a routine alert in the street's inbox (and to its
/// webhooks), so the office reads it where it reads everything else.
/// </summary>
public static class WeeklyDigest
{
    public static readonly TimeOnly SendAt = new(8, 0);

    /// <summary>The Monday of the last whole week whose digest is due at <paramref name="now"/>: last week's from this Monday 08:00, the one before until then.</summary>
    public static DateOnly DueWeek(DateTimeOffset now)
    {
        var local = now.ToOffset(ChongqingTime.Offset).DateTime;
        var thisMonday = ReportPeriod.Week.Span(DateOnly.FromDateTime(local)).From;
        return thisMonday.AddDays(local >= thisMonday.ToDateTime(SendAt) ? -7 : -14);
    }

    /// <summary>What the digest alert is about: its week, by the week's Monday (so each week is its own alert).</summary>
    public static string Subject(DateOnly monday) => monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static AlertCondition Condition(ComplianceReport week, string district, DateTimeOffset at)
    {
        var said = Said(week);
        return new(AlertKinds.WeeklyDigest, week.Region, district, Subject(week.From), said.ToString(), at) { Said = said };
    }

    /// <summary>The week's figures as facts: each deadline's met of decided, the misses, the pending, the rating.</summary>
    public static Phrase Said(ComplianceReport week)
    {
        var t = week.Total;
        static string Of(DeadlineTally d) => $"{d.Met}/{d.Met + d.Missed}";
        var pending = t.ReportedUpIn15Minutes.Pending + t.OnSceneIn2Hours.Pending + t.AnsweredIn24Hours.Pending + t.ResolvedIn7WorkingDays.Pending;
        var satisfaction = t.SatisfactionAverage is { } average ? average.ToString("0.00", CultureInfo.InvariantCulture) : "-";
        return Phrase.Of("alert.weekly-digest", Subject(week.From), Of(t.ReportedUpIn15Minutes), Of(t.OnSceneIn2Hours), Of(t.AnsweredIn24Hours),
            Of(t.ResolvedIn7WorkingDays), t.Missed, pending, satisfaction, t.SatisfactionRatings);
    }
}
