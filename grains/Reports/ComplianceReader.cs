using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// Reads a report from the day grains: one per day of the period for the region's tallies, then, for the misses, only
/// the districts and streets whose tallies had any (a month of the city is 31 reads plus one per street-day with a miss).
/// </summary>
public static class ComplianceReader
{
    public static async Task<ComplianceReport> ReadAsync(IGrainFactory grains, RegionCode region, ReportPeriod period, DateOnly date)
    {
        var (from, to) = period.Span(date);
        var days = await Task.WhenAll(ReportPeriods.Days(from, to).Select(d => Day(grains, region, d)));
        var misses = await Task.WhenAll(days.Select(d => MissesOf(grains, d)));
        return ComplianceReport.Of(region.ToString(), period, from, to, days, misses.SelectMany(m => m));
    }

    private static Task<ComplianceDay> Day(IGrainFactory grains, RegionCode region, DateOnly date) =>
        grains.GetGrain<IComplianceDayGrain>(ComplianceDayGrain.KeyFor(region, date)).Get();

    private static async Task<IEnumerable<ComplianceMiss>> MissesOf(IGrainFactory grains, ComplianceDay day)
    {
        if (day.ChildrenWithMisses.IsDefaultOrEmpty) return day.Misses.IsDefault ? [] : day.Misses;
        var children = await Task.WhenAll(day.ChildrenWithMisses.Select(c => Day(grains, RegionCode.Parse(c), day.Date)));
        var misses = await Task.WhenAll(children.Select(c => MissesOf(grains, c)));
        return misses.SelectMany(m => m);
    }
}
