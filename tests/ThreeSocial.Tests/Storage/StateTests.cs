using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.TestGrains;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// What a grain sees of its state through Orleans' IPersistentState, whatever the storage. Run on our SQLite store and,
/// as a cross-check that these tests state Orleans' contract rather than ours, on Orleans' own ADO.NET SQLite storage.
/// </summary>
public abstract class StateContractTests : RuntimeTest
{
    /// <summary>Another writer of the same record, through the silo's Orleans grain storage (provider-neutral).</summary>
    private async Task WriteBehindTheGrainsBack(string key, ProbeState state)
    {
        var storage = Silo.Services.GetRequiredKeyedService<IGrainStorage>("Default");
        var id = GrainId.Create("probe", key);
        var current = new GrainState<ProbeState>(new ProbeState());
        await storage.ReadStateAsync("probe", id, current);
        current.State = state;
        await storage.WriteStateAsync("probe", id, current);
    }

    [Fact]
    public async Task A_missing_record_reads_as_not_existing_with_null_etag_and_a_new_state()
    {
        var view = await Grains.GetGrain<IProbeGrain>(Keys.New()).View();

        Assert.Equal(new StateView(false, null, false, null, 0), view);
    }

    [Fact]
    public async Task Every_write_changes_the_etag()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        var seen = new List<string?>();

        await grain.SetNote("one");
        seen.Add((await grain.View()).Etag);
        await grain.SetNote("two");
        seen.Add((await grain.View()).Etag);
        await grain.ClearState();
        await grain.SetNote("three");
        seen.Add((await grain.View()).Etag);

        Assert.DoesNotContain(null, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_stale_etag_throws_leaves_storage_unchanged_and_deactivates_only_that_activation()
    {
        var key = Keys.New();
        var grain = Grains.GetGrain<IProbeGrain>(key);
        var bystander = Grains.GetGrain<IProbeGrain>(Keys.New());
        await grain.SetNote("mine");
        var bystanderActivation = await bystander.GetActivationId();
        var first = await grain.GetActivationId();
        await WriteBehindTheGrainsBack(key, new ProbeState { Note = "someone else", Number = 99 });

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetNote("stale write"));

        await Eventually.True(async () => await grain.GetActivationId() != first, "the conflicted activation is replaced");
        Assert.Equal(("someone else", 99), ((await grain.View()).Note, (await grain.View()).Number));
        Assert.Equal(bystanderActivation, await bystander.GetActivationId());
    }

    [Fact]
    public async Task Clear_sets_record_exists_false_and_resets_state_to_new_never_null()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        await grain.SetNote("to be cleared");

        await grain.ClearState();

        var view = await grain.View();
        Assert.Equal((false, false, null, 0), (view.RecordExists, view.StateIsNull, view.Note, view.Number));
    }

    [Fact] // graceful restart; the kill -9 case is CrashTests
    public async Task Acknowledged_state_survives_a_restart()
    {
        var keys = Enumerable.Range(0, 50).Select(_ => Keys.New("c")).ToList();
        foreach (var key in keys)
        {
            var counter = Grains.GetGrain<ICounterGrain>(key);
            await counter.Increment();
            await counter.Increment();
        }

        await RestartAsync();

        foreach (var key in keys) Assert.Equal(2, await Grains.GetGrain<ICounterGrain>(key).Get());
    }
}

/// <summary>Our store: a cleared record has no ETag at all.</summary>
[Trait("Category", TestCategory.Storage)]
public sealed class StateTests : StateContractTests
{
    [Fact]
    public async Task A_cleared_record_has_no_etag()
    {
        var grain = Grains.GetGrain<IProbeGrain>(Keys.New());
        await grain.SetNote("to be cleared");

        await grain.ClearState();

        Assert.Equal(new StateView(false, null, false, null, 0), await grain.View());
    }
}

/// <summary>The same contract on Orleans' own ADO.NET storage over SQLite (Microsoft.Orleans.Persistence.AdoNet).</summary>
[Trait("Category", TestCategory.Storage)]
public sealed class OrleansAdoNetSqliteStateTests : StateContractTests
{
    private string? _connectionString;

    protected override void Configure(ISiloBuilder silo)
    {
        _connectionString ??= OrleansSqliteSchema.Create(Temp.File("orleans.db"));
        // Registered after our store's, so it is the one "Default" resolves to (reminders stay on our table).
        silo.AddAdoNetGrainStorage("Default", o =>
        {
            o.Invariant = "System.Data.SQLite";
            // System.Text.Json as our store writes (its default, Newtonsoft with type names, refuses types not on its allow-list).
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(new Orleans.Serialization.SystemTextJsonGrainStorageSerializerOptions()));
            o.ConnectionString = _connectionString;
        });
    }
}
