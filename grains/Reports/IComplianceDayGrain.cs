namespace ThreeSocial.Grains.Reports;

/// <summary>
/// One region's compliance for one day (key <c>{region}:{yyyy-MM-dd}</c>, see <see cref="ComplianceDayGrain.KeyFor"/>).
/// A street keeps its incidents' records; a district and the city keep their children's tallies, pushed up as they change.
/// </summary>
[Alias("ts.IComplianceDayGrain")]
public interface IComplianceDayGrain : IGrainWithStringKey
{
    /// <summary>A street's incident, recomputed whole: a newer version replaces the one held, an older or equal one is ignored.</summary>
    [OneWay] Task Put(ComplianceRecord record);

    /// <summary>A child region's tally for the day, by the child's own version.</summary>
    [OneWay] Task PutChild(string child, ComplianceTally tally, long version);

    [ReadOnly] Task<ComplianceDay> Get();
}
