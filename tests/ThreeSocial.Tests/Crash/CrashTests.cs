using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Tests.Support;
using ThreeSocial.TestGrains;
using Xunit;
using Xunit.Abstractions;

namespace ThreeSocial.Tests.Crash;

public sealed class CrashTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact] // guarantees 15 and 17
    public async Task After_SIGKILL_under_load_every_acknowledged_write_is_there_and_a_missed_reminder_fires_once()
    {
        var database = _temp.File("crash.db");
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var reminderDue = DateTimeOffset.UtcNow.AddSeconds(12);
        var acknowledged = new ConcurrentDictionary<string, long>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long acks = 0;

        using var child = StartCrashWriter(database, reminderDue);
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
        await Eventually.True(() => Task.FromResult(Interlocked.Read(ref acks) >= 2000), "the writer is under load", 30_000);
        await Task.Delay(random.Next(0, 1500)); // a random moment in the middle of the load
        child.Kill(entireProcessTree: true); // SIGKILL: no shutdown code runs
        var killedAt = DateTimeOffset.UtcNow;
        child.WaitForExit(); // also drains every line printed before the kill
        output.WriteLine($"seed {seed}: killed after {acks} acknowledged writes over {acknowledged.Count} grains");
        Assert.True(killedAt < reminderDue, "the writer must die before its reminder is due for this test to mean anything");

        await Task.Delay(reminderDue - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(500));
        await using var silo = await TestSilo.StartAsync(database);

        var lost = 0;
        foreach (var (key, value) in acknowledged)
            if (await silo.Grains.GetGrain<ICounterGrain>(key).Get() < value) lost++;
        Assert.Equal(0, lost);

        var probe = silo.Grains.GetGrain<IReminderProbeGrain>("crash-probe");
        await Eventually.True(async () => await probe.Fired("missed-while-down") == 1, "the missed reminder fires on start");
        await Task.Delay(1000);
        Assert.Equal(1, await probe.Fired("missed-while-down"));
    }

    private static Process StartCrashWriter(string database, DateTimeOffset reminderDue)
    {
        var writer = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..",
            "ThreeSocial.CrashWriter", "bin", new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name, "net10.0", "ThreeSocial.CrashWriter.dll"));
        Assert.True(File.Exists(writer), $"crash writer not built at {writer}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { writer, "--db", database, "--grains", "2000", "--workers", "64",
                     "--reminder-due", reminderDue.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        return Process.Start(start)!;
    }
}
