namespace ThreeSocial.Grains.Incidents;

/// <summary>Of one day's emergencies (by report date, +08:00): how many had someone on scene by the deadline, how many did not.</summary>
[GenerateSerializer, Immutable, Alias("ts.DailyOutcomes")]
public sealed record DailyOutcomes([Id(0)] string Date, [Id(1)] int OnSceneInTime, [Id(2)] int Missed, [Id(3)] long Version)
{
    /// <summary>Share with someone on scene in time, of those decided so far; null before the first outcome.</summary>
    public double? ShareInTime => OnSceneInTime + Missed == 0 ? null : (double)OnSceneInTime / (OnSceneInTime + Missed);
}

/// <summary>Published whenever a day's outcomes change (the dashboard's KPI strip).</summary>
[GenerateSerializer, Immutable, Alias("ts.DailyOutcomesChanged")]
public sealed record DailyOutcomesChanged([Id(0)] DailyOutcomes Outcomes);
