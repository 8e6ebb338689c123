using System.Collections.Immutable;

namespace ThreeSocial.Grains.Reports;

/// <summary>A region's compliance over a period: the total, each day's tally, and every miss with its cause (oldest first).</summary>
public sealed record ComplianceReport(
    string Region, ReportPeriod Period, DateOnly From, DateOnly To, ComplianceTally Total,
    ImmutableArray<ComplianceReport.DayRow> Days, ImmutableArray<ComplianceMiss> Misses)
{
    public sealed record DayRow(DateOnly Date, ComplianceTally Tally);

    public static ComplianceReport Of(string region, ReportPeriod period, DateOnly from, DateOnly to, IReadOnlyList<ComplianceDay> days, IEnumerable<ComplianceMiss> misses) =>
        new(region, period, from, to, ComplianceTally.Sum(days.Select(d => d.Tally)),
            [.. days.OrderBy(d => d.Date).Select(d => new DayRow(d.Date, d.Tally))],
            [.. misses.OrderBy(m => m.ReportedAt).ThenBy(m => m.IncidentId, StringComparer.Ordinal).ThenBy(m => m.Deadline)]);
}
