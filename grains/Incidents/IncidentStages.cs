using System.Collections.Immutable;

namespace ThreeSocial.Grains.Incidents;

/// <summary>The incident's lifecycle; only the moves in <see cref="IncidentStages"/> are legal.</summary>
[GenerateSerializer, Alias("ts.IncidentStage")]
public enum IncidentStage { Reported, Dispatched, Accepted, EnRoute, OnScene, Resolved, Closed, Cancelled, Escalated }

/// <summary>The legal moves between stages, and which stages count as open.</summary>
public static class IncidentStages
{
    private static readonly ImmutableDictionary<IncidentStage, ImmutableHashSet<IncidentStage>> Legal = new Dictionary<IncidentStage, IncidentStage[]>
    {
        [IncidentStage.Reported] = [IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.Escalated] = [IncidentStage.Dispatched, IncidentStage.Cancelled],
        [IncidentStage.Dispatched] = [IncidentStage.Accepted, IncidentStage.Escalated, IncidentStage.Cancelled, IncidentStage.Dispatched],
        [IncidentStage.Accepted] = [IncidentStage.EnRoute, IncidentStage.OnScene, IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.EnRoute] = [IncidentStage.OnScene, IncidentStage.Dispatched, IncidentStage.Escalated, IncidentStage.Cancelled],
        [IncidentStage.OnScene] = [IncidentStage.Resolved],
        [IncidentStage.Resolved] = [IncidentStage.Closed],
        [IncidentStage.Closed] = [],
        [IncidentStage.Cancelled] = [],
    }.ToImmutableDictionary(kv => kv.Key, kv => kv.Value.ToImmutableHashSet());

    public static bool CanMove(IncidentStage from, IncidentStage to) => Legal[from].Contains(to);

    public static bool IsOpen(IncidentStage stage) => stage is not (IncidentStage.Resolved or IncidentStage.Closed or IncidentStage.Cancelled);
}
