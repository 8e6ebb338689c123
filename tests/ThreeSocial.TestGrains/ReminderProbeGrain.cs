using System.Collections.Immutable;
using ThreeSocial.Reminders;

namespace ThreeSocial.TestGrains;

public sealed record ReminderFirings
{
    public ImmutableDictionary<string, int> Count { get; init; } = ImmutableDictionary<string, int>.Empty;
}

[Alias("test.IReminderProbeGrain")]
public interface IReminderProbeGrain : IGrainWithStringKey
{
    /// <summary>Once at the due time (forgotten when it fires) without a period; with one, every period.</summary>
    Task RegisterAt(string name, DateTimeOffset due, TimeSpan? period);
    Task Unregister(string name);
    Task<int> Fired(string name);
}

/// <summary>Counts reminder ticks durably, so a count survives deactivation and restarts.</summary>
public sealed class ReminderProbeGrain([PersistentState("firings")] IPersistentState<ReminderFirings> firings)
    : Grain, IReminderProbeGrain, IRemindable
{
    private readonly HashSet<string> _once = [];

    public Task RegisterAt(string name, DateTimeOffset due, TimeSpan? period)
    {
        var dueTime = due - DateTimeOffset.UtcNow;
        if (period is { } p) return this.RegisterOrUpdateReminder(name, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, p);
        _once.Add(name);
        return this.RemindOnce(name, dueTime);
    }

    public Task Unregister(string name) => this.ForgetReminder(name);

    public Task<int> Fired(string name) => Task.FromResult(firings.State.Count.GetValueOrDefault(name));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ProbeLog.Add(this.GetPrimaryKeyString(), "fired:" + reminderName);
        firings.State = firings.State with { Count = firings.State.Count.SetItem(reminderName, firings.State.Count.GetValueOrDefault(reminderName) + 1) };
        await firings.WriteStateAsync();
        // A one-shot registered by an earlier process is known by its name here: the crash test registers "once-…".
        if (_once.Contains(reminderName) || reminderName.StartsWith("once-", StringComparison.Ordinal)) await this.ForgetReminder(reminderName);
    }
}
