using ThreeSocial.Storage;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ThreeSocial.TestGrains;
using ThreeSocial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Crash;

/// <summary>
/// Guarantees 15 and 17 on every provider: a child process writes under load and is killed with SIGKILL; every write
/// it acknowledged must be in storage, and a reminder due while it was down fires once. Subclasses name the storage.
/// </summary>
public abstract class CrashTests(ITestOutputHelper output)
{
    /// <summary>Storage:… settings of a fresh, empty store (they go to the child as arguments and to the verifying silo).</summary>
    protected abstract Task<Dictionary<string, string?>> FreshStorageAsync();

    /// <summary>When the child's reminder falls due: after the load and the kill, which a slow store takes longer to reach.</summary>
    protected virtual TimeSpan ReminderDelay => TimeSpan.FromSeconds(12);

    /// <summary>Acknowledged writes before the kill: enough that many are in flight, fewer on a slow store.</summary>
    protected virtual int LoadBeforeKill => 2000;

    [Fact]
    public async Task After_SIGKILL_under_load_every_acknowledged_write_is_there_and_a_missed_reminder_fires_once()
    {
        var storage = await FreshStorageAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var reminderDue = DateTimeOffset.UtcNow + ReminderDelay;
        var acknowledged = new ConcurrentDictionary<string, long>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long acks = 0;

        using var child = StartCrashWriter(storage, reminderDue);
        child.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            if (line.Data == "reminder-registered") { ready.TrySetResult(); return; }
            var parts = line.Data.Split(' ');
            if (parts is not ["ack", var key, var value]) return;
            var v = long.Parse(value, CultureInfo.InvariantCulture);
            acknowledged.AddOrUpdate(key, v, (_, old) => Math.Max(old, v));
            Interlocked.Increment(ref acks);
        };
        child.BeginOutputReadLine();

        await ready.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Eventually.True(() => Task.FromResult(Interlocked.Read(ref acks) >= LoadBeforeKill), "the writer is under load", (int)(ReminderDelay - TimeSpan.FromSeconds(5)).TotalMilliseconds);
        await Task.Delay(random.Next(0, 1500)); // a random moment in the middle of the load
        child.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
        var killedAt = DateTimeOffset.UtcNow;
        child.WaitForExit(); // also drains every line printed before the kill
        output.WriteLine($"seed {seed}: killed after {acks} acknowledged writes over {acknowledged.Count} grains");
        Assert.True(killedAt < reminderDue, "the writer must die before its reminder is due for this test to mean anything");

        await Task.Delay(reminderDue - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        await using var silo = await TestSilo.StartAsync(storage);

        var lost = 0;
        foreach (var (key, value) in acknowledged)
            if (await silo.Grains.GetGrain<ICounterGrain>(key).Get() < value) lost++;
        Assert.Equal(0, lost);

        var probe = silo.Grains.GetGrain<IReminderProbeGrain>("crash-probe");
        // Orleans moves a tick missed while the silo was down to the next point of its one-minute grid: at most a minute late.
        await Eventually.True(async () => await probe.Fired("once-missed-while-down") == 1, "the missed reminder fires after restart", 90_000);
        await Eventually.True(async () => (await silo.Reminders.ReadRows(GrainId.Create("reminderprobe", "crash-probe"))).Reminders.Count == 0,
            "the fired one-shot is forgotten");
        Assert.Equal(1, await probe.Fired("once-missed-while-down"));
    }

    private static Process StartCrashWriter(Dictionary<string, string?> storage, DateTimeOffset reminderDue) =>
        CrashWriter.Start(new[] { "--grains", "2000", "--workers", "64",
                "--reminder-due", reminderDue.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                "--silo-port", FreePort.Next().ToString(CultureInfo.InvariantCulture) }
            .Concat(storage.SelectMany(s => new[] { "--" + s.Key, s.Value! })));
}

/// <summary>The child process crash tests kill: tests/ThreeSocial.CrashWriter, built beside the tests.</summary>
public static class CrashWriter
{
    public static Process Start(IEnumerable<string> args)
    {
        var writer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
            "ThreeSocial.CrashWriter", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "ThreeSocial.CrashWriter.dll"));
        Assert.True(File.Exists(writer), $"crash writer not built at {writer}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(writer);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}

[Trait("Category", TestCategory.Crash)]
public sealed class SqliteCrashTests(ITestOutputHelper output) : CrashTests(output), IDisposable
{
    private readonly TempDirectory _temp = new();

    protected override Task<Dictionary<string, string?>> FreshStorageAsync() =>
        Task.FromResult(new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite", ["Storage:Sqlite:Path"] = _temp.File("crash.db") });

    public void Dispose() => _temp.Dispose();
}

[Collection(Storage.PostgresCollection.Name)]
[Trait("Category", TestCategory.Crash)]
public sealed class PostgresCrashTests(ITestOutputHelper output, Storage.PostgresFixture postgres) : CrashTests(output)
{
    // Orleans' ADO.NET provider writes through a stored function, one transaction per write (no group commit).
    protected override TimeSpan ReminderDelay => TimeSpan.FromSeconds(30);

    protected override async Task<Dictionary<string, string?>> FreshStorageAsync() =>
        new() { ["Storage:Provider"] = "Postgres", ["Storage:Postgres:ConnectionString"] = await postgres.NewDatabaseAsync() };
}

[Collection(Storage.AzuriteCollection.Name)]
[Trait("Category", TestCategory.Crash)]
public sealed class AzureStorageCrashTests(ITestOutputHelper output, Storage.AzuriteFixture azurite) : CrashTests(output)
{
    // Azurite is a Node.js emulator sharing two cores with the rest of the suite: some 40 writes a second here.
    protected override TimeSpan ReminderDelay => TimeSpan.FromSeconds(45);

    protected override int LoadBeforeKill => 500;

    protected override Task<Dictionary<string, string?>> FreshStorageAsync() => Task.FromResult(azurite.NewStorage());
}
