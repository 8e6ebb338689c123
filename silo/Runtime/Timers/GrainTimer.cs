using Microsoft.Extensions.Logging;

namespace ThreeSocial.Runtime.Timers;

public interface IGrainTimer : IDisposable
{
    void Change(TimeSpan dueTime, TimeSpan period);
}

public sealed record GrainTimerCreationOptions
{
    public TimeSpan DueTime { get; init; }
    public TimeSpan Period { get; init; } = Timeout.InfiniteTimeSpan;

    /// <summary>Let ticks interleave with requests (off: a tick waits for the running request, like any call).</summary>
    public bool Interleave { get; init; }

    /// <summary>Let ticks count as activity, keeping the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}

/// <summary>
/// Each tick is a turn on the activation; the next tick is armed only after the previous one completed,
/// so a timer never overlaps itself.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly CancellationTokenSource _disposed = new();
    private readonly Timer _timer;
    private TimeSpan _dueTime;
    private TimeSpan _period;

    internal GrainTimer(Activation activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        _activation = activation;
        _callback = callback;
        _dueTime = options.DueTime;
        _period = options.Period;
        Options = options;
        _timer = new Timer(static s => ((GrainTimer)s!).Tick(), this, Timeout.Infinite, Timeout.Infinite);
    }

    internal GrainTimerCreationOptions Options { get; }

    internal void Start() => _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        _dueTime = dueTime;
        _period = period;
        if (!_disposed.IsCancellationRequested) _timer.Change(dueTime, Timeout.InfiniteTimeSpan);
    }

    private void Tick()
    {
        if (_disposed.IsCancellationRequested) return;
        var tick = new TurnRequest("timer tick", _ => _callback(_disposed.Token))
        {
            AlwaysInterleave = Options.Interleave,
            KeepsAlive = Options.KeepAlive,
            Forwardable = false, // its callback closes over this activation's grain object
            EnqueuedAt = System.Diagnostics.Stopwatch.GetTimestamp(),
        };
        if (!_activation.TryEnqueue(tick))
        {
            Dispose();
            return;
        }
        tick.Task.ContinueWith(static (t, s) => ((GrainTimer)s!).AfterTick(t), this, TaskScheduler.Default);
    }

    private void AfterTick(Task tick)
    {
        if (tick.IsFaulted)
            _activation.Runtime.Logger.LogWarning(tick.Exception!.InnerException, "Timer callback of {GrainId} threw.", _activation.GrainId);
        if (_disposed.IsCancellationRequested || _period == Timeout.InfiniteTimeSpan) return;
        try
        {
            _timer.Change(_period, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        if (_disposed.IsCancellationRequested) return;
        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }
}
