using ThreeSocial.Runtime.Timers;

namespace ThreeSocial.Runtime;

/// <summary>
/// Base class of every grain. The runtime creates instances; callers only ever hold the interface proxy.
/// Grain code runs one turn at a time on its activation, so it needs no locks.
/// </summary>
public abstract class Grain
{
    // Set by the runtime for the duration of the constructor so that grain constructors can use their identity.
    [ThreadStatic] internal static Activation? Constructing;

    internal Activation Activation { get; }

    protected Grain()
    {
        Activation = Constructing
            ?? throw new InvalidOperationException("Grains are created by the runtime; reach them through IGrainFactory.GetGrain.");
    }

    public GrainId GrainId => Activation.GrainId;

    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    /// <summary>Unique per activation: a new activation of the same grain gets a new id.</summary>
    protected long ActivationId => Activation.Id;

    protected IGrainFactory GrainFactory => Activation.Runtime;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A timer whose callbacks run as turns of this activation and stop with it.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options) =>
        Activation.RegisterTimer(callback, options);

    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, new GrainTimerCreationOptions { DueTime = dueTime, Period = period });

    /// <summary>A durable reminder; <paramref name="period"/> null makes it fire once (deadlines).</summary>
    protected Task RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan? period = null) =>
        Activation.Runtime.Reminders.RegisterAsync(this, reminderName, dueTime, period);

    protected Task UnregisterReminder(string reminderName) =>
        Activation.Runtime.Reminders.UnregisterAsync(GrainId, reminderName);

    /// <summary>Deactivate once the current request completes.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.ApplicationRequested);

    /// <summary>Publish to the runtime's event stream without waiting for any subscriber.</summary>
    protected void PublishEvent(object payload) => Activation.Runtime.Events.Publish(GrainId, payload);
}

public enum DeactivationReasonCode { ApplicationRequested, ActivationIdle, InconsistentState, ShuttingDown }

public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Description)
{
    public static readonly DeactivationReason ApplicationRequested = new(DeactivationReasonCode.ApplicationRequested, "The grain asked to be deactivated.");
    public static readonly DeactivationReason Idle = new(DeactivationReasonCode.ActivationIdle, "Idle longer than its collection age.");
    public static readonly DeactivationReason InconsistentState = new(DeactivationReasonCode.InconsistentState, "An ETag conflict escaped a grain method.");
    public static readonly DeactivationReason ShuttingDown = new(DeactivationReasonCode.ShuttingDown, "The runtime is shutting down.");
}
