using ThreeSocial.Events;
using System.Collections.Immutable;
using ThreeSocial.Storage;

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

/// <summary>The city's outcomes for one day (key: yyyy-MM-dd). An incident's outcome counts once, whatever is resent.</summary>
[Alias("ts.IDailyOutcomesGrain")]
public interface IDailyOutcomesGrain : IGrainWithStringKey
{
    Task Record(string incidentId, bool onSceneInTime);

    [ReadOnly] Task<DailyOutcomes> Get();
}

public sealed record DailyOutcomesState
{
    public ImmutableDictionary<string, bool> Decided { get; init; } = ImmutableDictionary<string, bool>.Empty;
    public long Version { get; init; }
}

public sealed class DailyOutcomesGrain([PersistentState("outcomes")] IPersistentState<DailyOutcomesState> outcomes, EventStream events) : Grain, IDailyOutcomesGrain
{
    public async Task Record(string incidentId, bool onSceneInTime)
    {
        var before = outcomes.State;
        if (before.Decided.ContainsKey(incidentId)) return; // the first outcome stands: a late arrival does not undo a miss
        await outcomes.ReplaceStateAsync(new DailyOutcomesState { Decided = before.Decided.Add(incidentId, onSceneInTime), Version = before.Version + 1 });
        events.Publish(new DailyOutcomesChanged(Current()));
    }

    public Task<DailyOutcomes> Get() => Task.FromResult(Current());

    private DailyOutcomes Current()
    {
        var inTime = outcomes.State.Decided.Values.Count(v => v);
        return new DailyOutcomes(this.GetPrimaryKeyString(), inTime, outcomes.State.Decided.Count - inTime, outcomes.State.Version);
    }

    public static string KeyFor(DateTimeOffset reportedAt) => Common.ChongqingTime.DayKey(reportedAt);
}
