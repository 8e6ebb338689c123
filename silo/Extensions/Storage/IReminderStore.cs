namespace ThreeSocial.Storage;

/// <summary>One durable reminder as the stores keep it: the first tick (Orleans' StartAt) and the period.</summary>
public sealed record ReminderRow(GrainKey GrainKey, string Name, DateTimeOffset Due, TimeSpan Period);

/// <summary>Where reminders are kept; every store implements it beside <see cref="IStateStore"/>. Returns mean durable.</summary>
public interface IReminderStore
{
    Task<IReadOnlyList<ReminderRow>> ReadAllAsync(CancellationToken cancellationToken = default);

    /// <summary>One grain's reminders; stores with an index on the grain answer without reading the rest.</summary>
    async Task<IReadOnlyList<ReminderRow>> ReadAsync(GrainKey grain, CancellationToken cancellationToken = default) =>
        [.. (await ReadAllAsync(cancellationToken)).Where(r => r.GrainKey == grain)];

    Task UpsertAsync(ReminderRow entry, CancellationToken cancellationToken = default);
    Task RemoveAsync(GrainKey grainId, string name, CancellationToken cancellationToken = default);
}
