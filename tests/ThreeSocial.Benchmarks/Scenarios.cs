using ThreeSocial.Grains.Common;
using ThreeSocial.Clocks;
using Orleans.Storage;
using ThreeSocial.Benchmarks.Storage;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using Orleans.Metadata;
using ThreeSocial.Api.Observability;
using ThreeSocial.Events;
using ThreeSocial.TestGrains;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Storage.Hosting;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Benchmarks;

/// <summary>
/// An Orleans silo hosted as the silo process hosts it (our SQLite store as grain storage, reminders and journals;
/// OpenTelemetry metrics on unless BENCH_NO_METRICS=1), on a throwaway file and a free port.
/// </summary>
internal sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _folder;

    private BenchSilo(IHost host, string folder)
    {
        _host = host;
        _folder = folder;
    }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>Grain activations on the silo, the management grain answering included.</summary>
    public Task<int> ActivationCount() => Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

    public static Task<BenchSilo> StartAsync(int batch = 1024, Action<ISiloBuilder>? silo = null) => StartAsync((s, folder) =>
    {
        s.Services.AddStore(_ => new SqliteGrainStorage(new SqliteStorageOptions { Path = Path.Combine(folder, "bench.db"), MaxBatchSize = batch }));
        s.UseStore();
        silo?.Invoke(s);
    });

    /// <summary>The same silo with grain state in Orleans' own ADO.NET storage on SQLite instead of our store.</summary>
    public static Task<BenchSilo> StartOnOrleansAdoNetSqliteAsync() => StartAsync((s, folder) =>
    {
        var connectionString = OrleansSqliteSchema.Create(Path.Combine(folder, "orleans.db"));
        s.AddAdoNetGrainStorage("Default", o =>
        {
            // Orleans' name for SQLite, which it maps to Microsoft.Data.Sqlite's factory itself (no DbProviderFactories registration).
            o.Invariant = "System.Data.SQLite";
            // System.Text.Json as our store writes (its default, Newtonsoft with type names, refuses types not on its allow-list).
            o.GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Microsoft.Extensions.Options.Options.Create(new Orleans.Serialization.SystemTextJsonGrainStorageSerializerOptions()));
            o.ConnectionString = connectionString;
        });
        s.UseInMemoryReminderService(); // counters set none; the silo still wants a reminder service
    });

    private static async Task<BenchSilo> StartAsync(Action<ISiloBuilder, string> storage)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrainClock(TimeProvider.System);
        builder.Services.AddSingleton<EventStream>();
        builder.Services.AddReferenceData();
        if (Environment.GetEnvironmentVariable("BENCH_NO_METRICS") != "1") builder.Services.AddThreeSocialTelemetry(builder.Configuration);
        builder.UseOrleans(s =>
        {
            s.UseLocalhostClustering(FreePort.Next(), 0);
            storage(s, folder);
        });
        var host = builder.Build();
        await host.StartAsync();
        return new BenchSilo(host, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools(); // Orleans' ADO.NET storage leaves pooled connections holding the file open
        Directory.Delete(_folder, recursive: true);
    }
}

/// <summary>Closed-loop callers: each awaits its call, then makes the next. Non-reentrant, in-memory calls.</summary>
internal static class CallLoad
{
    public static async Task<double> ThroughputAsync(int callers, int grains, TimeSpan duration)
    {
        await using var silo = await BenchSilo.StartAsync();
        var refs = await Warm(silo, grains);
        long calls = 0;
        using var stop = new CancellationTokenSource();
        var cpu = Report.CpuSeconds();
        var clock = Stopwatch.StartNew();
        stop.CancelAfter(duration);
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            long mine = 0;
            while (!stop.IsCancellationRequested)
            {
                await refs[random.Next(refs.Length)].Get();
                mine++;
            }
            Interlocked.Add(ref calls, mine);
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var rate = calls / seconds;
        Console.WriteLine($"grain calls: {callers} callers over {grains:N0} grains for {seconds:0.0} s: {rate:N0} calls/s " +
                          $"({rate / Environment.ProcessorCount:N0} per core), CPU {(Report.CpuSeconds() - cpu) / seconds * 100:0}% of one core");
        return rate;
    }

    /// <summary>
    /// Paced callers: each sends on its own schedule (rate / callers per second), awaits the answer, and sleeps
    /// only when ahead of schedule. The figure is the caller's full round trip, which includes the turn.
    /// </summary>
    public static async Task LatencyAtRateAsync(int callers, int grains, double rate, TimeSpan duration)
    {
        await using var silo = await BenchSilo.StartAsync();
        var refs = await Warm(silo, grains);
        var interval = TimeSpan.FromSeconds(callers / rate);
        var samples = new List<double>[callers];
        var cpu = Report.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(c => Task.Run(async () =>
        {
            var random = new Random(c);
            var mine = samples[c] = new List<double>((int)(rate / callers * duration.TotalSeconds) + 16);
            var next = clock.Elapsed;
            while (clock.Elapsed < duration)
            {
                var ahead = next - clock.Elapsed;
                if (ahead > TimeSpan.FromMilliseconds(1)) await Task.Delay(ahead);
                var sent = Stopwatch.GetTimestamp();
                await refs[random.Next(refs.Length)].Get();
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
                next += interval;
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        var all = samples.SelectMany(s => s).ToList();
        Console.WriteLine($"grain call round trip at {all.Count / seconds:N0} calls/s (target {rate:N0}/s, half the closed-loop maximum), " +
                          $"CPU {(Report.CpuSeconds() - cpu) / seconds * 100:0}% of one core: {Report.Percentiles(all)}");
    }

    private static async Task<ICounterGrain[]> Warm(BenchSilo silo, int grains)
    {
        var refs = Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<ICounterGrain>($"g{i}")).ToArray();
        await Task.WhenAll(refs.Select(r => r.Get()));
        for (var i = 0; i < 3; i++) await Task.WhenAll(refs.Select(r => r.Get())); // JIT and caches warm
        return refs;
    }
}

/// <summary>
/// Writers in a closed loop for a while, each calling again as soon as it is answered; writer w makes calls
/// w, w + writers, w + 2·writers, … so writers given disjoint targets never wait on one grain.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<(double PerSecond, string Latency)> RunAsync(int writers, TimeSpan duration, Func<int, Task> call)
    {
        long calls = 0;
        var latencies = new List<double>[writers];
        using var stop = new CancellationTokenSource(duration);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var mine = latencies[w] = [];
            for (var i = w; !stop.IsCancellationRequested; i += writers)
            {
                var sent = Stopwatch.GetTimestamp();
                await call(i);
                mine.Add(Stopwatch.GetElapsedTime(sent).TotalMicroseconds);
            }
            Interlocked.Add(ref calls, mine.Count);
        })));
        return (calls / clock.Elapsed.TotalSeconds, Report.Percentiles([.. latencies.SelectMany(l => l)]));
    }
}

/// <summary>Every call is an Increment: answered only after its state write is durable.</summary>
internal static class DurableWrites
{
    public static Task RunAsync(int writers, int grains, int batch, TimeSpan duration) =>
        RunAsync(() => BenchSilo.StartAsync(batch), batch == 1 ? "one transaction per write" : $"group commit (≤{batch}/transaction)", writers, grains, duration);

    public static async Task RunAsync(Func<Task<BenchSilo>> start, string storage, int writers, int grains, TimeSpan duration)
    {
        await using var silo = await start();
        var refs = Enumerable.Range(0, grains).Select(i => silo.Grains.GetGrain<ICounterGrain>($"w{i}")).ToArray();
        await Task.WhenAll(refs.Select(r => r.Get()));
        var (rate, latency) = await ClosedLoop.RunAsync(writers, duration, i => refs[i % grains].Increment());
        Console.WriteLine($"durable grain-state writes, {storage}, {writers} writers: {rate:N0} writes/s; latency {latency}");
    }
}

/// <summary>Every call is a stockpile receipt: one ledger line appended to the stockpile's journal, answered once durable.</summary>
internal static class DurableAppends
{
    public static async Task RunAsync(int writers, int stockpiles, TimeSpan duration)
    {
        await using var silo = await BenchSilo.StartAsync();
        var refs = Enumerable.Range(0, stockpiles).Select(i => silo.Grains.GetGrain<IStockpileGrain>($"500103{i / 100:000}{i % 100:000}-S01")).ToArray();
        await Task.WhenAll(refs.Select(r => r.GetStatus()));
        var (rate, latency) = await ClosedLoop.RunAsync(writers, duration,
            i => refs[i % stockpiles].Receive(new ReceiveSupplies($"bench-{i}", "3010101", 5, null, "bench", "sandbags from the depot")));
        Console.WriteLine($"durable stockpile receipts (journal appends), {writers} writers over {stockpiles:N0} stockpiles: {rate:N0} receipts/s; latency {latency}");
    }
}

/// <summary>The ceiling for comparison: SQLite alone on this disk, same pragmas, no runtime.</summary>
internal static class RawSqlite
{
    public static void Measure(TimeSpan perCase)
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(folder, "raw.db")};Pooling=False"))
        {
            connection.Open();
            using var setup = connection.CreateCommand();
            setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (k TEXT PRIMARY KEY, v BLOB)";
            setup.ExecuteNonQuery();
            var payload = new byte[24];
            foreach (var perCommit in new[] { 1, 100, 1000 })
            {
                var rows = 0;
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < perCase)
                {
                    using var tx = connection.BeginTransaction();
                    using var insert = connection.CreateCommand();
                    insert.CommandText = "INSERT OR REPLACE INTO t (k, v) VALUES ($k, $v)";
                    var k = insert.Parameters.Add("$k", SqliteType.Text);
                    insert.Parameters.AddWithValue("$v", payload);
                    for (var i = 0; i < perCommit; i++)
                    {
                        k.Value = "r" + (rows++ % 20_000);
                        insert.ExecuteNonQuery();
                    }
                    tx.Commit();
                }
                Console.WriteLine($"raw SQLite, {perCommit} rows per synced commit: {rows / clock.Elapsed.TotalSeconds:N0} rows/s");
            }
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }
}

internal static class ActivationMemory
{
    public static async Task RunAsync(int activations)
    {
        await using var silo = await BenchSilo.StartAsync();
        var refs = Enumerable.Range(0, activations).Select(i => silo.Grains.GetGrain<ICounterGrain>($"m{i}")).ToArray();
        await refs[0].Get();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < refs.Length; i += 1000) await Task.WhenAll(refs.Skip(i).Take(1000).Select(r => r.Get()));
        var activateSeconds = clock.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(refs);
        Console.WriteLine($"memory: {await silo.ActivationCount():N0} idle activations with small state (counter) " +
                          $"cost {(after - before) / (double)activations:N0} bytes each (managed heap, after full GC); " +
                          $"activated at {activations / activateSeconds:N0}/s from an empty SQLite store");
    }
}

/// <summary>The price of Orleans on one call: a grain call against a direct interface call on the same grain object.</summary>
[Config(typeof(InProcessConfig))]
[MemoryDiagnoser]
public class CallOverheadBenchmark
{
    private BenchSilo _silo = null!;
    private ICounterGrain _viaRuntime = null!;
    private ICounterGrain _direct = null!;

    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.ShortRun.WithIterationCount(20).WithToolchain(InProcessEmitToolchain.Instance));
    }

    [GlobalSetup]
    public void Setup()
    {
        var ratio = new RatioActivation();
        _silo = BenchSilo.StartAsync(silo: s => s.Services.AddSingleton<IConfigureGrainContextProvider>(ratio)).GetAwaiter().GetResult();
        _viaRuntime = _silo.Grains.GetGrain<ICounterGrain>("ratio");
        _viaRuntime.Get().GetAwaiter().GetResult();
        _direct = (ICounterGrain)ratio.Context!.GrainInstance!;
    }

    /// <summary>
    /// Keeps the "ratio" activation's context, whose grain object Orleans hands out nowhere else. A hook at activation,
    /// unlike a call filter, leaves the measured call path as it is.
    /// </summary>
    private sealed class RatioActivation : IConfigureGrainContextProvider, IConfigureGrainContext
    {
        public IGrainContext? Context { get; private set; }

        public bool TryGetConfigurator(GrainType grainType, GrainProperties properties, out IConfigureGrainContext configurator)
        {
            configurator = this;
            return true;
        }

        public void Configure(IGrainContext context)
        {
            if (context.GrainId.Key.ToString() == "ratio") Context = context;
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _silo.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true)]
    public Task<long> DirectInterfaceCall() => _direct.Get();

    [Benchmark]
    public Task<long> GrainCall() => _viaRuntime.Get();
}
