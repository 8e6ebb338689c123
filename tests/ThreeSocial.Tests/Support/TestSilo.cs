using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ThreeSocial.Grains.Counters;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Hosting;
using ThreeSocial.Runtime.Storage.Sqlite;
using ThreeSocial.TestGrains;

namespace ThreeSocial.Tests.Support;

/// <summary>The real runtime on a real SQLite file, hosted the way the silo hosts it.</summary>
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
    public GrainRuntime Runtime => _host.Services.GetRequiredService<GrainRuntime>();
    public IGrainFactory Grains => Runtime;
    public SqliteGrainStorage Storage => _host.Services.GetRequiredService<SqliteGrainStorage>();
    public IServiceProvider Services => _host.Services;

    public static async Task<TestSilo> StartAsync(string databasePath, Action<GrainRuntimeOptions>? runtime = null,
        Action<SqliteStorageOptions>? storage = null, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSqliteGrainStorage(o =>
        {
            o.Path = databasePath;
            storage?.Invoke(o);
        });
        builder.Services.AddGrainRuntime(o =>
        {
            o.AddGrainAssembly(typeof(CounterGrain).Assembly).AddGrainAssembly(typeof(ProbeGrain).Assembly);
            runtime?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, databasePath);
    }

    /// <summary>The runtime on whichever provider the settings name (Storage:Provider and its section), as the silo chooses it.</summary>
    public static async Task<TestSilo> StartAsync(IReadOnlyDictionary<string, string?> storageSettings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(storageSettings);
        builder.Services.AddGrainStorage(builder.Configuration.GetSection("Storage"));
        builder.Services.AddGrainRuntime(o => o.AddGrainAssembly(typeof(CounterGrain).Assembly).AddGrainAssembly(typeof(ProbeGrain).Assembly));
        var host = builder.Build();
        await host.StartAsync();
        return new TestSilo(host, storageSettings.GetValueOrDefault("Storage:Sqlite:Path") ?? "");
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
