namespace ThreeSocial.Grains.Reports;

public sealed record WeeklyDigestState
{
    /// <summary>The Monday of the last week every street has had its digest for; null before the first start.</summary>
    public DateOnly? LastWeek { get; init; }
}
