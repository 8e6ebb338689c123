using ThreeSocial.Events;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Incidents;

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
