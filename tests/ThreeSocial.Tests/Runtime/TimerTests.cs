using ThreeSocial.Runtime;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Runtime;

public sealed class TimerTests : RuntimeTest
{
    protected override void Configure(GrainRuntimeOptions options) => CollectIdleAfter(options, TimeSpan.FromSeconds(1));

    [Fact] // guarantee 16
    public async Task Timer_ticks_run_as_turns_and_do_not_interleave_with_requests()
    {
        var grain = Grains.GetGrain<ITimerProbeGrain>(Keys.New());
        await grain.Start(dueMs: 0, periodMs: 30, callbackMs: 20, keepAlive: true);

        for (var i = 0; i < 5; i++) await grain.Hold(60);

        var observed = await grain.Observed();
        var holds = observed.Where(o => o.Name == "hold").ToList();
        var ticks = observed.Where(o => o.Name == "tick").ToList();
        Assert.NotEmpty(ticks);
        Assert.DoesNotContain(ticks, t => holds.Any(h => h.Overlaps(t)));
    }

    [Fact] // guarantee 16
    public async Task A_timer_never_overlaps_itself_when_its_callback_outlasts_its_period()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<ITimerProbeGrain>(key);
        await grain.Start(dueMs: 0, periodMs: 10, callbackMs: 80, keepAlive: true);

        await Eventually.True(() => Task.FromResult(ProbeLog.Count(key, "tick") >= 5), "five ticks");

        var ticks = (await grain.Observed()).Where(o => o.Name == "tick").OrderBy(t => t.Start).ToList();
        for (var i = 1; i < ticks.Count; i++) Assert.False(ticks[i - 1].Overlaps(ticks[i]), "two ticks of one timer overlapped");
    }

    [Fact] // guarantee 16
    public async Task A_timer_does_not_keep_its_activation_alive_and_stops_with_it()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<ITimerProbeGrain>(key);
        await grain.Start(dueMs: 0, periodMs: 50, callbackMs: 1, keepAlive: false);

        await Eventually.True(() => Task.FromResult(ProbeLog.Of(key).Contains("deactivate:ActivationIdle")), "collection despite the timer");
        var ticksAtDeactivation = ProbeLog.Count(key, "tick");
        await Task.Delay(300);

        Assert.True(ticksAtDeactivation > 1);
        Assert.Equal(ticksAtDeactivation, ProbeLog.Count(key, "tick"));
    }

    [Fact] // guarantee 16
    public async Task A_keep_alive_timer_keeps_its_activation_alive()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<ITimerProbeGrain>(key);
        var first = await grain.GetActivationId();
        await grain.Start(dueMs: 0, periodMs: 50, callbackMs: 1, keepAlive: true);

        await Task.Delay(2000); // twice the collection age

        Assert.Equal(first, await grain.GetActivationId());
    }

    [Fact] // guarantee 16
    public async Task A_tick_queued_behind_a_deactivation_dies_with_its_activation_instead_of_reviving_the_grain()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<ITimerProbeGrain>(key);
        await grain.Start(dueMs: 10, periodMs: 10, callbackMs: 1, keepAlive: true);

        var hold = grain.Hold(200);      // ticks queue behind this request...
        var deactivate = grain.Deactivate(); // ...and behind the request to deactivate
        await Task.WhenAll(hold, deactivate);

        await Eventually.True(() => Task.FromResult(ProbeLog.Of(key).Contains("deactivate:ApplicationRequested")), "deactivation");
        await Task.Delay(300);
        Assert.DoesNotContain(Silo.Runtime.Activations, a => a.GrainId.Key == key);
    }
}

public sealed class ReminderTests : RuntimeTest
{
    protected override void Configure(GrainRuntimeOptions options) => CollectIdleAfter(options, TimeSpan.FromMilliseconds(500));

    [Fact] // guarantee 17
    public async Task A_one_shot_reminder_fires_once_after_its_grain_was_deactivated()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IReminderProbeGrain>(key);
        await grain.Register("deadline", dueMs: 1500, periodMs: null);

        await Eventually.True(() => Task.FromResult(ProbeLog.Count(key, "fired:deadline") == 1), "the reminder fired");
        await Task.Delay(500);

        Assert.Equal(1, await grain.Fired("deadline"));
        Assert.Equal(0, Silo.Runtime.Reminders.Registered);
    }

    [Fact] // guarantee 17
    public async Task A_periodic_reminder_keeps_firing()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IReminderProbeGrain>(key);
        await grain.Register("tick", dueMs: 100, periodMs: 200);

        await Eventually.True(async () => await grain.Fired("tick") >= 3, "three ticks");
        await grain.Unregister("tick");
        var after = await grain.Fired("tick");
        await Task.Delay(600);

        Assert.Equal(after, await grain.Fired("tick"));
    }

    [Fact] // guarantee 17
    public async Task Reminders_fire_after_a_restart_and_missed_periodic_ticks_fire_once()
    {
        var key = Keys.New();
        await Grains.GetGrain<IReminderProbeGrain>(key).Register("one-shot", dueMs: 300, periodMs: null);
        await Grains.GetGrain<IReminderProbeGrain>(key).Register("hourly", dueMs: 300, periodMs: 3_600_000);
        await Silo.StopAsync();
        await Task.Delay(800); // both were due while nothing ran

        await RestartAsync();

        var grain = Grains.GetGrain<IReminderProbeGrain>(key);
        await Eventually.True(async () => await grain.Fired("one-shot") == 1 && await grain.Fired("hourly") == 1, "both fired on start");
        await Task.Delay(500);
        Assert.Equal(1, await grain.Fired("one-shot"));
        Assert.Equal(1, await grain.Fired("hourly"));
    }

    [Fact] // guarantee 17
    public async Task A_grain_must_implement_IRemindable_to_register_a_reminder()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Grains.GetGrain<INotRemindableGrain>(Keys.New()).TryRegister());
        Assert.Contains("IRemindable", error.Message);
    }
}

public sealed class EventStreamTests : RuntimeTest
{
    [Fact] // guarantee 18
    public async Task Subscribers_receive_published_events_in_order()
    {
        using var subscription = Silo.Runtime.Events.Subscribe("test");

        await Grains.GetGrain<IPublisherGrain>(Keys.New()).Publish(100);

        var received = new List<int>();
        while (received.Count < 100 && await subscription.Reader.WaitToReadAsync())
            while (subscription.Reader.TryRead(out var e)) received.Add(((Published)e.Payload).Number);
        Assert.Equal(Enumerable.Range(0, 100), received);
    }

    [Fact] // guarantee 18
    public async Task A_slow_subscriber_never_blocks_a_grain_turn_and_its_backlog_is_bounded_and_counted()
    {
        using var stalled = Silo.Runtime.Events.Subscribe("never-reads", capacity: 100);

        var published = await Grains.GetGrain<IPublisherGrain>(Keys.New()).Publish(10_000);

        Assert.Equal(10_000, published);
        Assert.Equal(100, stalled.Reader.Count);
        Assert.Equal(9_900, stalled.Dropped);
        Assert.True(stalled.Reader.TryRead(out var oldestKept));
        Assert.Equal(9_900, ((Published)oldestKept.Payload).Number); // the oldest were dropped, the newest kept
    }
}
