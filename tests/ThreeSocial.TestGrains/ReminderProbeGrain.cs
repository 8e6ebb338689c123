using System.Collections.Immutable;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.TestGrains;

public sealed record ReminderFirings
{
    public ImmutableDictionary<string, int> Count { get; init; } = ImmutableDictionary<string, int>.Empty;
}

public interface IReminderProbeGrain : IGrainWithStringKey
{
    Task Register(string name, int dueMs, int? periodMs);
    Task RegisterAt(string name, DateTimeOffset due, int? periodMs);
    Task Unregister(string name);
    Task<int> Fired(string name);
}

/// <summary>Counts reminder ticks durably, so a count survives deactivation and restarts.</summary>
public sealed class ReminderProbeGrain([PersistentState("firings")] IPersistentState<ReminderFirings> firings)
    : Grain, IReminderProbeGrain, IRemindable
{
    public Task Register(string name, int dueMs, int? periodMs) =>
        RegisterOrUpdateReminder(name, TimeSpan.FromMilliseconds(dueMs), periodMs is { } p ? TimeSpan.FromMilliseconds(p) : null);

    public Task RegisterAt(string name, DateTimeOffset due, int? periodMs) =>
        RegisterOrUpdateReminder(name, due - DateTimeOffset.UtcNow, periodMs is { } p ? TimeSpan.FromMilliseconds(p) : null);

    public Task Unregister(string name) => UnregisterReminder(name);

    public Task<int> Fired(string name) => Task.FromResult(firings.State.Count.GetValueOrDefault(name));

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        ProbeLog.Add(GetPrimaryKeyString(), "fired:" + reminderName);
        firings.State = firings.State with { Count = firings.State.Count.SetItem(reminderName, firings.State.Count.GetValueOrDefault(reminderName) + 1) };
        await firings.WriteStateAsync();
    }
}

public interface INotRemindableGrain : IGrainWithStringKey
{
    Task TryRegister();
}

public sealed class NotRemindableGrain : Grain, INotRemindableGrain
{
    public Task TryRegister() => RegisterOrUpdateReminder("never", TimeSpan.FromSeconds(1));
}
