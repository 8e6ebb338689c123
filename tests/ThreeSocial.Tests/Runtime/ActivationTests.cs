using System.Text;
using ThreeSocial.Runtime;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Runtime;

public sealed class ActivationTests : RuntimeTest
{
    protected override void Configure(GrainRuntimeOptions options) => CollectIdleAfter(options, TimeSpan.FromSeconds(1));

    [Fact] // guarantee 1
    public async Task Concurrent_first_calls_from_many_callers_reach_exactly_one_activation()
    {
        var key = Keys.New();
        var ids = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => Grains.GetGrain<IProbeGrain>(key).GetActivationId())));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, ProbeLog.Count(key, "activate"));
    }

    [Fact] // guarantee 2
    public async Task State_is_read_before_OnActivateAsync_runs()
    {
        var key = Keys.New();
        var data = Encoding.UTF8.GetBytes("""{"note":"written before activation","number":7}""");
        await Silo.Storage.WriteAsync("probe", new GrainId("probe", key), data, null);

        Assert.Equal("written before activation", await Grains.GetGrain<IProbeGrain>(key).NoteSeenOnActivate());
    }

    [Fact] // guarantee 2
    public async Task A_failed_state_read_fails_the_call_that_triggered_activation()
    {
        var key = Keys.New();
        await Silo.Storage.WriteAsync("probe", new GrainId("probe", key), "not json"u8.ToArray(), null);

        await Assert.ThrowsAnyAsync<System.Text.Json.JsonException>(() => Grains.GetGrain<IProbeGrain>(key).GetActivationId());
        Assert.Equal(0, ProbeLog.Count(key, "activate"));
    }

    [Fact] // guarantee 3
    public async Task A_throwing_OnActivateAsync_fails_the_trigger_and_every_queued_call_then_a_later_call_activates_afresh()
    {
        var key = Keys.New();
        ProbeLog.FailActivation[key] = true;
        var calls = Enumerable.Range(0, 5).Select(_ => Grains.GetGrain<IBadActivationGrain>(key).GetActivationId()).ToList();

        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => call);
            Assert.Equal($"activation refused for {key}", error.Message);
        }
        Assert.Equal(1, ProbeLog.Count(key, "activate-attempt"));

        ProbeLog.FailActivation.TryRemove(key, out _);
        Assert.True(await Grains.GetGrain<IBadActivationGrain>(key).GetActivationId() > 0);
        Assert.Equal(2, ProbeLog.Count(key, "activate-attempt"));
    }

    [Fact] // guarantee 3
    public async Task A_throwing_grain_constructor_fails_the_call_with_its_own_exception_unwrapped()
    {
        var key = Keys.New();

        var error = await Assert.ThrowsAsync<KeyNotFoundException>(() => Grains.GetGrain<IThrowingConstructorGrain>(key).Ping());

        Assert.Equal($"nothing is called {key}", error.Message);
    }

    [Fact] // guarantee 4
    public async Task An_idle_activation_is_collected_and_the_next_call_reloads_state_in_a_new_activation()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        await grain.SetNote("kept across collection");
        var first = await grain.GetActivationId();

        await Eventually.True(() => Task.FromResult(ProbeLog.Of(key).Contains("deactivate:ActivationIdle")), "idle collection");

        Assert.NotEqual(first, await grain.GetActivationId());
        Assert.Equal("kept across collection", await grain.NoteSeenOnActivate());
    }

    [Fact] // guarantee 4
    public async Task A_busy_activation_is_never_collected()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var first = await grain.GetActivationId();

        await grain.Hold("longer than the collection age", 2500);

        Assert.Equal(first, await grain.GetActivationId());
        Assert.DoesNotContain("deactivate:ActivationIdle", ProbeLog.Of(key));
    }

    [Fact] // guarantee 5
    public async Task Graceful_shutdown_deactivates_every_activation_and_waits_for_pending_writes()
    {
        var keys = Enumerable.Range(0, 20).Select(_ => Keys.New("slow")).ToList();
        var pending = keys.Select((k, i) => Grains.GetGrain<ISlowWriterGrain>(k).WriteAfter(300, i + 1)).ToList();
        await Task.Delay(50); // the requests are running, their writes not yet made

        await Silo.StopAsync();

        Assert.Equal(Enumerable.Range(1, 20), await Task.WhenAll(pending));
        foreach (var key in keys) Assert.Contains("deactivate:ShuttingDown", ProbeLog.Of(key));
        await RestartAsync();
        for (var i = 0; i < keys.Count; i++)
            Assert.Equal(i + 1, await Grains.GetGrain<ISlowWriterGrain>(keys[i]).Read());
    }

    [Fact] // guarantee 5
    public async Task During_shutdown_a_running_request_may_still_call_another_grain_which_is_then_deactivated_too()
    {
        var caller = Keys.New("caller");
        var callee = Keys.New("callee");
        var running = Grains.GetGrain<IProbeGrain>(caller).DelayThenCall(300, callee);
        await Task.Delay(50);

        await Silo.StopAsync();

        Assert.Equal(7, await running);
        Assert.Contains("deactivate:ShuttingDown", ProbeLog.Of(callee));
        Assert.Equal(0, Silo.Runtime.ActivationCount);
        await Assert.ThrowsAsync<GrainRuntimeStoppedException>(() => Grains.GetGrain<IProbeGrain>(caller).Echo(1));
    }
}
