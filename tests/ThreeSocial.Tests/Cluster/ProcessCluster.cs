using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Cluster;

/// <summary>
/// A real cluster as scripts/cluster.sh starts one: silo processes (the silo's own executable, built beside the tests)
/// with Orleans membership, state and reminders in one store, and the front door (YARP, the silo's front-door command)
/// at one URL. Each process can be killed with SIGKILL or stopped and started again.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    public const string Password = "test-password-123";

    private readonly IReadOnlyDictionary<string, string?> _storage;
    private readonly List<SiloProcess> _silos = [];
    private Process? _frontDoor;

    private ProcessCluster(IReadOnlyDictionary<string, string?> storage) => _storage = storage;

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public Uri FrontDoor { get; } = new($"http://127.0.0.1:{FreePort.Next()}");

    /// <summary>Starts <paramref name="count"/> silos on the store the settings name (Storage:* and Cluster:Provider), then the front door.</summary>
    public static async Task<ProcessCluster> StartAsync(int count, IReadOnlyDictionary<string, string?> storage)
    {
        var cluster = new ProcessCluster(storage);
        try
        {
            for (var i = 0; i < count; i++) cluster._silos.Add(new SiloProcess(i + 1, storage));
            foreach (var silo in cluster._silos) silo.Start();
            await Task.WhenAll(cluster._silos.Select(s => s.WaitHealthyAsync()));
            var doorOutput = new LogTail();
            cluster._frontDoor = Executable.Start(["front-door", "--urls", cluster.FrontDoor.ToString().TrimEnd('/'),
                "--silos", string.Join(',', cluster._silos.Select(s => s.Url.ToString().TrimEnd('/')))], doorOutput);
            await Healthy(cluster.FrontDoor, TimeSpan.FromSeconds(60), "the front door", cluster._frontDoor, doorOutput);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync(); // a cluster that did not come up leaves no process behind
            throw;
        }
    }

    /// <summary>A client of the front door signed in as the city-wide demo operator; no cookies, so the door balances each request.</summary>
    public Task<HttpClient> ClientAsync() => SignedInAsync(FrontDoor);

    public static async Task<HttpClient> SignedInAsync(Uri baseAddress)
    {
        var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, PooledConnectionLifetime = TimeSpan.FromSeconds(5) })
        {
            BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(40),
        };
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "operator", password = Password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Waits for the process to answer /healthz; fails with its last lines when it exits or the time is up.</summary>
    public static async Task Healthy(Uri baseAddress, TimeSpan limit, string what, Process process, LogTail output)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(); // its last lines are read
                Assert.Fail($"{what} exited ({process.ExitCode}) before it answered /healthz; its last lines:\n{output}");
            }
            try
            {
                using var response = await http.GetAsync("/healthz");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{what} did not answer /healthz within {limit.TotalSeconds:0} s; its last lines:\n{output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_frontDoor is { HasExited: false }) _frontDoor.Kill(entireProcessTree: true);
        foreach (var silo in _silos) await silo.StopAsync();
        _frontDoor?.Dispose();
    }
}

/// <summary>One silo process of a <see cref="ProcessCluster"/>: its own HTTP and Orleans ports, kept across restarts.</summary>
public sealed class SiloProcess(int number, IReadOnlyDictionary<string, string?> storage)
{
    private Process? _process;
    private readonly LogTail _output = new();

    public int Number { get; } = number;
    public Uri Url { get; } = new($"http://127.0.0.1:{FreePort.Next()}");
    public int SiloPort { get; } = FreePort.Next();

    public bool Running => _process is { HasExited: false };

    public void Start()
    {
        var invariant = CultureInfo.InvariantCulture;
        string[] args =
        [
            "--urls", Url.ToString().TrimEnd('/'), "--Cluster:SiloPort", SiloPort.ToString(invariant),
            "--Logging:LogLevel:Default", "Warning", "--City:WarmUpOnStart", "true", "--City:LoadDemo", "false",
            "--Auth:DemoUsers", "true", "--Auth:DemoPassword", ProcessCluster.Password, "--Alerts:Webhooks:AllowedHosts:0", "127.0.0.1",
            "--Auth:PermitsPerSecond", "1000000", "--Auth:Burst", "1000000", "--Auth:SignInsPerMinute", "100000", "--Auth:SignIn:PasswordIterations", "10000",
            .. storage.SelectMany(s => new[] { "--" + s.Key, s.Value! }),
        ];
        _process = Executable.Start(args, _output);
    }

    /// <summary>Three silos joining at once on two cores (Azure Table membership on Azurite is the slowest) can take minutes.</summary>
    public Task WaitHealthyAsync() => ProcessCluster.Healthy(Url, TimeSpan.FromSeconds(240), $"silo {Number}", _process!, _output);

    /// <summary>SIGKILL: no shutdown code runs, the silo's membership row says it is alive until others vote it dead.</summary>
    public void Kill()
    {
        _process!.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as a deployment's rolling restart sends: the silo leaves the cluster and hands its grains over.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } running) return;
        using (var term = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        await running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!running.HasExited) running.Kill(entireProcessTree: true);
    }
}

/// <summary>The silo's executable, as built beside the tests (same configuration), run with dotnet.</summary>
internal static class Executable
{
    public static Process Start(IEnumerable<string> args, LogTail output)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var silo = Path.Combine(StorageServer.RepositoryRoot(), "silo", "bin", configuration, "net10.0", "ThreeSocial.Silo.dll");
        Assert.True(File.Exists(silo), $"the silo is not built at {silo}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(silo);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        output.Follow(process);
        return process;
    }
}
