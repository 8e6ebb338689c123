using System.Diagnostics;
using ThreeSocial.Runtime;

namespace ThreeSocial.TestGrains;

public interface IReentrantProbeGrain : IGrainWithStringKey
{
    Task<Interval> Work(string name, int steps);
    Task<int> MaxThreadsInside();
}

/// <summary>Interleaves at awaits; counts how many threads were ever inside its code at the same moment.</summary>
[Reentrant]
public sealed class ReentrantProbeGrain : Grain, IReentrantProbeGrain
{
    private int _inside;
    private int _maxInside;

    public async Task<Interval> Work(string name, int steps)
    {
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < steps; i++)
        {
            Enter();
            Thread.SpinWait(2000); // a synchronous stretch in which a second thread would be caught
            Leave();
            await Task.Delay(1);
        }
        return new Interval(name, start, Stopwatch.GetTimestamp());
    }

    public Task<int> MaxThreadsInside() => Task.FromResult(_maxInside);

    private void Enter()
    {
        var now = Interlocked.Increment(ref _inside);
        if (now > _maxInside) _maxInside = now;
    }

    private void Leave() => Interlocked.Decrement(ref _inside);
}
