namespace ThreeSocial.Tests.Support;

/// <summary>
/// The wall clock moved by an offset the test sets, for a silo's grains: what they stamp while it is set back (an
/// incident's report, so its deadlines) is that much in the past, while the browser and everything else keep real time.
/// </summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow() + Offset;
}
