namespace ThreeSocial.Runtime.Reminders;

/// <summary>One durable reminder. A zero period means it fires once.</summary>
public sealed record ReminderEntry(GrainId GrainId, string Name, DateTimeOffset Due, TimeSpan Period)
{
    public bool IsOneShot => Period <= TimeSpan.Zero;
}

/// <summary>Where reminders are kept; every provider implements it beside IGrainStorage. Returns mean durable.</summary>
public interface IReminderTable
{
    Task<IReadOnlyList<ReminderEntry>> ReadAllAsync(CancellationToken cancellationToken = default);
    Task UpsertAsync(ReminderEntry entry, CancellationToken cancellationToken = default);
    Task RemoveAsync(GrainId grainId, string name, CancellationToken cancellationToken = default);
}
