using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ThreeSocial.Tests.Support;

/// <summary>
/// Virtual time for grains and reminders (registered as Orleans' keyed clocks with AddGrainClock): it moves only when a
/// test lets it pass, so a 2-hour deadline is reached without waiting for it and the test knows exactly how much
/// time has gone by. Time passes in steps; at each the silo gets a moment of real time to run what fell due.
/// </summary>
public sealed class VirtualTime(DateTimeOffset start) : FakeTimeProvider(start)
{
    public VirtualTime() : this(DateTimeOffset.UtcNow) { }

    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Lets <paramref name="span"/> pass.</summary>
    public async Task Pass(TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += Step)
        {
            Advance(Step);
            await Task.Delay(5);
        }
    }

    /// <summary>Lets time pass until the condition holds; fails after <paramref name="limit"/> of it.</summary>
    public async Task PassUntil(Func<Task<bool>> condition, string what, TimeSpan limit)
    {
        for (var passed = TimeSpan.Zero; !await condition(); passed += Step)
        {
            if (passed > limit) Assert.Fail($"Not within {limit} of virtual time: {what}");
            Advance(Step);
            await Task.Delay(5);
        }
    }
}
