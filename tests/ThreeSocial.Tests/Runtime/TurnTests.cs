using ThreeSocial.Runtime;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;

namespace ThreeSocial.Tests.Runtime;

public sealed class TurnTests : RuntimeTest
{
    protected override void Configure(GrainRuntimeOptions options) => options.ResponseTimeout = TimeSpan.FromSeconds(2);

    [Fact] // guarantee 6
    public async Task Second_request_waits_until_first_completes_including_awaits()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());

        await Task.WhenAll(grain.Hold("first", 200), grain.Hold("second", 200));

        var intervals = await grain.Intervals();
        Assert.Equal(2, intervals.Count);
        Assert.False(intervals[0].Overlaps(intervals[1]), "a non-reentrant grain interleaved two requests");
    }

    [Fact] // guarantee 7
    public async Task Reentrant_grain_interleaves_requests_at_awaits_but_never_runs_two_threads_at_once()
    {
        var grain = Grains.GetGrain<IReentrantProbeGrain>(Keys.New());

        var intervals = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => grain.Work($"w{i}", 20)));

        Assert.Contains(intervals, a => intervals.Any(b => a != b && a.Overlaps(b)));
        Assert.Equal(1, await grain.MaxThreadsInside());
    }

    [Fact] // guarantee 7
    public async Task AlwaysInterleave_method_runs_while_a_non_reentrant_request_is_in_progress()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        // Held long enough that a cold start (first activation, JIT, a busy CI box) does not outlast it: it flaked at 500 ms.
        var hold = grain.Hold("hold", 1500); // under this class's 2 s response timeout
        await Task.Delay(100);

        await grain.InterleavedPing();
        Assert.False(hold.IsCompleted);
        await hold;

        var intervals = await grain.Intervals();
        var held = intervals.Single(i => i.Name == "hold");
        Assert.True(held.Overlaps(intervals.Single(i => i.Name == "interleaved")));
    }

    [Fact] // guarantee 7
    public async Task ReadOnly_methods_interleave_with_each_other_but_not_with_other_methods()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());

        await Task.WhenAll(grain.ReadOnlyHold("read-a", 300), grain.ReadOnlyHold("read-b", 300));
        await Task.WhenAll(grain.ReadOnlyHold("read-c", 300), grain.Hold("write", 300));

        var i = (await grain.Intervals()).ToDictionary(x => x.Name);
        Assert.True(i["read-a"].Overlaps(i["read-b"]), "two [ReadOnly] requests should interleave");
        Assert.False(i["read-c"].Overlaps(i["write"]), "[ReadOnly] interleaved with a non-read-only request");
    }

    [Fact] // guarantee 8
    public async Task Call_chain_back_into_a_non_reentrant_grain_times_out()
    {
        var a = Grains.GetGrain<IProbeGrain>(Keys.New("a"));
        var b = Keys.New("b");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => a.CallVia(b));
        Assert.Contains("did not answer", error.Message);
    }

    [Fact] // guarantee 8
    public async Task The_callee_keeps_running_after_a_timeout_and_expired_queued_requests_never_run()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        Task hold;
        using (GrainCallContext.WithResponseTimeout(TimeSpan.FromSeconds(10)))
            hold = grain.Hold("long", 3000); // outlasts both short timeouts even when the suite starves the sweep
        await Task.Delay(50);

        using (GrainCallContext.WithResponseTimeout(TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<TimeoutException>(() => grain.Record("queued-then-expired"));
            await Assert.ThrowsAsync<TimeoutException>(() => grain.Hold("long-caller-gave-up", 1));
        }

        await hold; // the first request ran to completion
        await grain.Echo(1);
        Assert.DoesNotContain("queued-then-expired", ProbeLog.Of(key));
        Assert.DoesNotContain(await grain.Intervals(), i => i.Name == "long-caller-gave-up");
    }

    [Fact] // guarantee 9
    public async Task Exceptions_reach_the_caller_with_original_type_message_and_stack()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());

        var sync = await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSync("sync failure"));
        Assert.Equal("sync failure", sync.Message);
        Assert.Contains(nameof(ProbeGrain.ThrowSync), sync.StackTrace);

        var async = await Assert.ThrowsAsync<ArgumentException>(() => grain.ThrowAsync("async failure"));
        Assert.Equal("async failure", async.Message);
        Assert.Contains(nameof(ProbeGrain.ThrowAsync), async.StackTrace);
    }

    [Fact] // guarantee 9
    public async Task A_synchronous_throw_becomes_a_faulted_task_and_an_AggregateException_is_not_unwrapped()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());

        var task = grain.ThrowSync("no throw at the call site"); // would throw here if not turned into a Task
        Assert.False(task.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<InvalidOperationException>(() => task);

        var aggregate = await Assert.ThrowsAsync<AggregateException>(() => grain.ThrowAggregate("outer"));
        Assert.Equal(2, aggregate.InnerExceptions.Count);
        Assert.StartsWith("outer", aggregate.Message);
    }

    [Fact] // guarantee 10
    public async Task Requests_from_one_caller_run_in_the_order_sent()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());

        await Task.WhenAll(Enumerable.Range(0, 2000).Select(i => grain.Append(i)).ToList());

        Assert.Equal(Enumerable.Range(0, 2000), await grain.Appended());
    }

    [Fact] // bad input
    public async Task A_grain_method_that_throws_leaves_the_grain_and_its_neighbours_serving()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        var first = await grain.GetActivationId();

        await Assert.ThrowsAsync<InvalidOperationException>(() => grain.ThrowSync("boom"));

        Assert.Equal(first, await grain.GetActivationId());
        Assert.Equal(5, await Grains.GetGrain<IProbeGrain>(Keys.New()).Echo(5));
    }
}
