namespace ThreeSocial.Grains.Incidents;

/// <summary>The city's outcomes for one day (key: yyyy-MM-dd). An incident's outcome counts once, whatever is resent.</summary>
[Alias("ts.IDailyOutcomesGrain")]
public interface IDailyOutcomesGrain : IGrainWithStringKey
{
    Task Record(string incidentId, bool onSceneInTime);

    [ReadOnly] Task<DailyOutcomes> Get();
}
