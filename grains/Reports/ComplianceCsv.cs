using System.Globalization;
using System.Text;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// A report as CSV (RFC 4180, UTF-8, shares as fractions 0–1, empty when nothing was decided): the days with a total
/// row, or the misses. Spreadsheet users open either directly.
/// </summary>
public static class ComplianceCsv
{
    public static string Days(ComplianceReport report)
    {
        var csv = new StringBuilder();
        Line(csv, "date", "emergencies", "service_requests",
            "reported_up_15min_met", "reported_up_15min_missed", "reported_up_15min_share",
            "on_scene_2h_met", "on_scene_2h_missed", "on_scene_2h_share",
            "answered_24h_met", "answered_24h_missed", "answered_24h_share",
            "resolved_7wd_met", "resolved_7wd_missed", "resolved_7wd_share",
            "satisfaction_ratings", "satisfaction_average");
        foreach (var day in report.Days) Row(csv, Date(day.Date), day.Tally);
        Row(csv, "total", report.Total);
        return csv.ToString();
    }

    public static string Misses(ComplianceReport report)
    {
        var csv = new StringBuilder();
        Line(csv, "incident", "street", "subtype", "reported_at", "deadline", "due", "met_at", "cause");
        foreach (var m in report.Misses)
            Line(csv, m.IncidentId, m.Street, m.Subtype, Time(m.ReportedAt), m.Deadline.ToString(), Time(m.Due), m.MetAt is { } at ? Time(at) : "", m.Cause.ToString());
        return csv.ToString();
    }

    private static void Row(StringBuilder csv, string first, ComplianceTally t) => Line(csv, first, Int(t.Emergencies), Int(t.ServiceRequests),
        Int(t.ReportedUpIn15Minutes.Met), Int(t.ReportedUpIn15Minutes.Missed), Share(t.ReportedUpIn15Minutes.Share),
        Int(t.OnSceneIn2Hours.Met), Int(t.OnSceneIn2Hours.Missed), Share(t.OnSceneIn2Hours.Share),
        Int(t.AnsweredIn24Hours.Met), Int(t.AnsweredIn24Hours.Missed), Share(t.AnsweredIn24Hours.Share),
        Int(t.ResolvedIn7WorkingDays.Met), Int(t.ResolvedIn7WorkingDays.Missed), Share(t.ResolvedIn7WorkingDays.Share),
        Int(t.SatisfactionRatings), Share(t.SatisfactionAverage));

    private static void Line(StringBuilder csv, params string[] fields) =>
        csv.Append(string.Join(',', fields.Select(Quote))).Append("\r\n");

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) < 0 ? field : '"' + field.Replace("\"", "\"\"", StringComparison.Ordinal) + '"';

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string Share(double? value) => value?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string Time(DateTimeOffset at) => at.ToOffset(ThreeSocial.Grains.Common.ChongqingTime.Offset).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
