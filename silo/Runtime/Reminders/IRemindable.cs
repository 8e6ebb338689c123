namespace ThreeSocial.Runtime;

/// <summary>A grain that can receive durable reminders.</summary>
public interface IRemindable : IGrain
{
    Task ReceiveReminder(string reminderName, TickStatus status);
}

/// <summary>The tick being delivered: when it was due, the period (zero for one-shot), and when it fired.</summary>
public readonly record struct TickStatus(DateTimeOffset Due, TimeSpan Period, DateTimeOffset CurrentTickTime);
