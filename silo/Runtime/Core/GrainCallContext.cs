namespace ThreeSocial.Runtime;

/// <summary>Per-call options that flow with the caller's async context.</summary>
public static class GrainCallContext
{
    private static readonly AsyncLocal<TimeSpan?> TimeoutOverride = new();

    internal static TimeSpan? ResponseTimeout => TimeoutOverride.Value;

    /// <summary>Calls made inside the returned scope use this response timeout.</summary>
    public static IDisposable WithResponseTimeout(TimeSpan timeout)
    {
        var previous = TimeoutOverride.Value;
        TimeoutOverride.Value = timeout;
        return new Scope(previous);
    }

    private sealed class Scope(TimeSpan? previous) : IDisposable
    {
        public void Dispose() => TimeoutOverride.Value = previous;
    }
}
