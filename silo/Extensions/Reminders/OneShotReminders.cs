using Orleans;
using Orleans.Runtime;
using ThreeSocial.Storage;

namespace ThreeSocial.Reminders;

/// <summary>
/// Orleans has no one-shot reminder: a deadline is a reminder with the smallest period (one minute) that its grain
/// forgets when it has done what the deadline asked. Until then it fires again each minute, which is the retry a
/// failed handler gets. A tick that fell while the silo was down comes at the next minute of its grid after restart,
/// so a deadline is at most one minute late (plus Orleans' reminder refresh after a restart).
/// </summary>
public static class OneShotReminders
{
    public static Task RemindOnce(this Grain grain, string name, TimeSpan dueTime) =>
        grain.RegisterOrUpdateReminder(name, dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime, StoreReminderTable.OneShotPeriod);

    /// <summary>Unregisters the reminder of this name if the grain has one; durable when it returns.</summary>
    public static async Task ForgetReminder(this Grain grain, string name)
    {
        if (await grain.GetReminder(name) is { } reminder) await grain.UnregisterReminder(reminder);
    }
}
