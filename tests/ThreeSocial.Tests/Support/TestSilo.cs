using ThreeSocial.Clocks;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using ThreeSocial.Events;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;
using ThreeSocial.Storage.Hosting;
using ThreeSocial.Storage.Sqlite;

namespace ThreeSocial.Tests.Support;

/// <summary>A real Orleans silo on a real SQLite file, hosted the way the silo process hosts it (our store as Orleans'
/// grain storage and reminder table), on a free loopback port.</summary>
public sealed class TestSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestSilo(IHost host, string databasePath)
    {
        _host = host;
        DatabasePath = databasePath;
    }

    public string DatabasePath { get; }
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();
    public SqliteGrainStorage Storage => _host.Services.GetRequiredService<SqliteGrainStorage>();
    public IStateStore Store => _host.Services.GetRequiredService<IStateStore>();
    /// <summary>Orleans' reminder table, whichever provider keeps it.</summary>
    public IReminderTable Reminders => _host.Services.GetRequiredService<IReminderTable>();
    public EventStream Events => _host.Services.GetRequiredService<EventStream>();
    public IServiceProvider Services => _host.Services;

    /// <summary>Grain activations on the silo (the management grain answering counts itself, the same before and after).</summary>
    public Task<int> ActivationCount() => Grains.GetGrain<IManagementGrain>(0).GetTotalActivationCount();

    public static Task<TestSilo> StartAsync(string databasePath, Action<ISiloBuilder>? silo = null,
        Action<SqliteStorageOptions>? storage = null, Action<IServiceCollection>? services = null)
    {
        var options = new SqliteStorageOptions { Path = databasePath };
        storage?.Invoke(options);
        return StartAsync(databasePath, builder =>
        {
            builder.Services.AddStore(_ => new SqliteGrainStorage(options));
            services?.Invoke(builder.Services);
        }, s =>
        {
            s.UseLocalhostClustering(FreePort.Next(), 0);
            s.UseStore();
            silo?.Invoke(s);
        });
    }

    /// <summary>
    /// The silo on whichever provider the settings name (Storage:Provider and its section; Cluster:* for a cluster), as
    /// the silo process chooses it; alone on a free port unless the settings give one.
    /// </summary>
    public static Task<TestSilo> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<ISiloBuilder>? silo = null)
    {
        var withPort = new Dictionary<string, string?>(settings);
        withPort.TryAdd("Cluster:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return StartAsync(settings.GetValueOrDefault("Storage:Sqlite:Path") ?? "",
            builder => builder.Configuration.AddInMemoryCollection(withPort),
            s =>
            {
                s.UseThreeSocialStorage(s.Configuration);
                silo?.Invoke(s);
            });
    }

    private static async Task<TestSilo> StartAsync(string databasePath, Action<HostApplicationBuilder> host, Action<ISiloBuilder> silo)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        host(builder);
        builder.Services.TryAddSingleton(Alerts.WebhookReceiver.Targets); // webhooks may reach the tests' own receivers, as RunningSilo's settings allow
        builder.Services.AddGrainClock(TimeProvider.System);
        builder.UseOrleans(silo);
        builder.Services.AddEventStream();
        builder.Services.AddReferenceData();
        var started = builder.Build();
        await started.StartAsync();
        return new TestSilo(started, databasePath);
    }

    /// <summary>Graceful shutdown, as the silo does on SIGTERM.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _host.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}

/// <summary>A fresh folder per test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "threesocial-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

public static class Eventually
{
    /// <summary>Polls until the condition holds; fails the test with <paramref name="what"/> after the limit.</summary>
    public static async Task True(Func<Task<bool>> condition, string what, int limitMs = 10_000)
    {
        var until = DateTime.UtcNow.AddMilliseconds(limitMs);
        while (DateTime.UtcNow < until)
        {
            if (await condition()) return;
            await Task.Delay(25);
        }
        Xunit.Assert.Fail($"Not within {limitMs} ms: {what}");
    }
}

public static class Keys
{
    public static string New(string prefix = "k") => $"{prefix}-{Guid.NewGuid():N}";
}
