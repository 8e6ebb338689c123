namespace ThreeSocial.Grains.Reports;

/// <summary>Sends every street office its weekly digest (one grain for the city, key <see cref="WeeklyDigestGrain.City"/>).</summary>
[Alias("ts.IWeeklyDigestGrain")]
public interface IWeeklyDigestGrain : IGrainWithStringKey
{
    /// <summary>Registers its hourly reminder; the first start sends nothing for the weeks before it (they were not watched).</summary>
    Task Start();

    [ReadOnly] Task<WeeklyDigestStatus> Status();
}

/// <param name="LastWeek">The Monday of the last week every street has had its digest for.</param>
/// <param name="LookedAt">When it last looked whether a week was due (since its activation).</param>
[GenerateSerializer, Immutable, Alias("ts.WeeklyDigestStatus")]
public sealed record WeeklyDigestStatus([property: Id(0)] DateOnly? LastWeek, [property: Id(1)] DateTimeOffset? LookedAt);
