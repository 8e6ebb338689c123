namespace ThreeSocial.Clocks;

/// <summary>
/// A clock that runs <see cref="Factor"/> times faster than the wall clock from a chosen start: timers, delays and
/// reminders taken from it fire sooner by the same factor. For simulations and for tests of deadlines measured in hours.
/// </summary>
public sealed class AcceleratedTime : TimeProvider
{
    private readonly DateTimeOffset _start;
    private readonly long _startTimestamp = System.GetTimestamp();

    public AcceleratedTime(DateTimeOffset start, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        _start = start;
        Factor = factor;
    }

    public double Factor { get; }

    public override DateTimeOffset GetUtcNow() => _start + System.GetElapsedTime(_startTimestamp) * Factor;

    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Factor;

    private sealed class ScaledTimer(ITimer inner, AcceleratedTime time) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(time.Scale(dueTime), time.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
