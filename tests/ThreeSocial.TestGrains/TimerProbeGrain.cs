using System.Diagnostics;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Timers;

namespace ThreeSocial.TestGrains;

public interface ITimerProbeGrain : IGrainWithStringKey
{
    Task Start(int dueMs, int periodMs, int callbackMs, bool keepAlive);
    Task Hold(int milliseconds);
    Task<IReadOnlyList<Interval>> Observed();
    Task<long> GetActivationId();
    Task Deactivate();
}

public sealed class TimerProbeGrain : Grain, ITimerProbeGrain
{
    private readonly List<Interval> _observed = [];

    public Task Start(int dueMs, int periodMs, int callbackMs, bool keepAlive)
    {
        var key = GetPrimaryKeyString();
        RegisterGrainTimer(async _ =>
        {
            var start = Stopwatch.GetTimestamp();
            ProbeLog.Add(key, "tick");
            await Task.Delay(callbackMs);
            _observed.Add(new Interval("tick", start, Stopwatch.GetTimestamp()));
        }, new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.FromMilliseconds(dueMs),
            Period = TimeSpan.FromMilliseconds(periodMs),
            KeepAlive = keepAlive,
        });
        return Task.CompletedTask;
    }

    public async Task Hold(int milliseconds)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(milliseconds);
        _observed.Add(new Interval("hold", start, Stopwatch.GetTimestamp()));
    }

    public Task<IReadOnlyList<Interval>> Observed() => Task.FromResult<IReadOnlyList<Interval>>([.. _observed]);

    public Task<long> GetActivationId() => Task.FromResult(ActivationId);

    public Task Deactivate()
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        ProbeLog.Add(GetPrimaryKeyString(), "deactivate:" + reason.Code);
        return Task.CompletedTask;
    }
}
