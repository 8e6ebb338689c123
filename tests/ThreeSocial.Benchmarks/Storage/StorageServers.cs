using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ThreeSocial.Benchmarks.Storage;

/// <summary>
/// A real database server the tests (and the storage benchmark) own: started on a free loopback port in a temporary folder, stoppable and
/// restartable (the fault tests take storage away for a while), removed at the end.
/// </summary>
public abstract class StorageServer : IAsyncDisposable
{
    protected ServerFolder Folder { get; } = new();
    private readonly LogTail _log = new();
    private Process? _process;

    public int Port { get; } = FreePort.Next();

    public bool Running => _process is { HasExited: false };

    public async Task StartAsync()
    {
        if (Running) return;
        _process = Launch();
        _log.Follow(_process);
        var clock = Stopwatch.StartNew();
        while (!await AnswersAsync())
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync(); // the last lines of its output are read
                throw new InvalidOperationException($"{GetType().Name} exited at start:\n{_log}");
            }
            if (clock.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{GetType().Name} did not answer on port {Port} within 60 s:\n{_log}");
            await Task.Delay(100);
        }
    }

    /// <summary>The last lines the server wrote, for a failure message.</summary>
    public string RecentOutput => _log.ToString();

    /// <summary>Stops the server (the hard way unless <see cref="StopsGracefully"/>), keeping its files.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } running) return;
        if (StopsGracefully)
        {
            using (var interrupt = Process.Start("kill", ["-INT", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await interrupt.WaitForExitAsync();
            await running.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(20)).ContinueWith(_ => { }, TaskScheduler.Default);
        }
        if (!running.HasExited) running.Kill(entireProcessTree: true);
        await running.WaitForExitAsync();
        await AfterStopAsync();
    }

    /// <summary>
    /// Whether a stop asks the server to shut down rather than killing it. A real database survives being killed; an
    /// emulator that keeps its metadata in memory and saves it every few seconds (Azurite) does not, and what it would
    /// lose says nothing about us.
    /// </summary>
    protected virtual bool StopsGracefully => false;

    protected abstract Process Launch();

    protected virtual Task AfterStopAsync() => Task.CompletedTask;

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            return await ReadyAsync();
        }
        catch (SocketException)
        {
            return false;
        }
    }

    protected virtual Task<bool> ReadyAsync() => Task.FromResult(true);

    /// <summary>Starts a process whose output is redirected; the caller must read both streams (<see cref="LogTail"/>).</summary>
    protected static Process Start(string file, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = workingDirectory ?? "" };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start.");
    }

    protected static async Task RunToEnd(string file, params string[] arguments)
    {
        using var process = Start(file, arguments);
        var log = new LogTail();
        log.Follow(process);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{log}");
    }

    public virtual async ValueTask DisposeAsync()
    {
        await StopAsync();
        Folder.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A temporary folder for a server's files, removed with the server.</summary>
    protected sealed class ServerFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "threesocial-servers", Guid.NewGuid().ToString("N"));

        public ServerFolder() => Directory.CreateDirectory(Path);

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The repository root (where ThreeSocial.sln is), found from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ThreeSocial.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("ThreeSocial.sln not found above the test binaries.");
    }
}

/// <summary>
/// Debian's PostgreSQL 15 as a private cluster: initdb into a temporary folder, trust authentication on 127.0.0.1 only,
/// fsync on. Run as root (CI), the server runs as the postgres user, as PostgreSQL insists.
/// </summary>
public sealed class PostgresServer : StorageServer
{
    public const string Bin = "/usr/lib/postgresql/15/bin";
    private bool _initialised;

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=threesocial;Database=postgres;Pooling=true";

    private static bool AsRoot => Environment.UserName == "root";

    private string DataDir => Folder.File("pgdata");

    private static string[] As(string file, params string[] arguments) => AsRoot ? ["-u", "postgres", "--", file, .. arguments] : [file, .. arguments];

    private static string Runner(string file) => AsRoot ? "/usr/sbin/runuser" : file;

    public static async Task<PostgresServer> StartNewAsync()
    {
        if (!File.Exists(Path.Combine(Bin, "postgres")))
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({Bin}): scripts/test.sh installs postgresql-15 when run as root.");
        var server = new PostgresServer();
        await server.StartAsync();
        return server;
    }

    protected override Process Launch()
    {
        if (!_initialised)
        {
            if (AsRoot) RunToEnd("/usr/bin/chown", "-R", "postgres:postgres", Folder.Path).GetAwaiter().GetResult();
            RunToEnd(Runner(Path.Combine(Bin, "initdb")), As(Path.Combine(Bin, "initdb"), "-D", DataDir, "-U", "threesocial", "--auth=trust", "-E", "UTF8", "--no-locale")).GetAwaiter().GetResult();
            _initialised = true;
        }
        return Start(Runner(Path.Combine(Bin, "postgres")), As(Path.Combine(Bin, "postgres"), "-D", DataDir, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={Folder.Path}", "-c", "fsync=on", "-c", "max_connections=200"));
    }

    protected override async Task<bool> ReadyAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=2");
            await connection.OpenAsync();
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }

    protected override Task AfterStopAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        File.Delete(Path.Combine(DataDir, "postmaster.pid")); // killed, not shut down: the next start recovers from the WAL
        return Task.CompletedTask;
    }
}

/// <summary>
/// Azurite's Blob and Table services (npm, installed in tests/servers by scripts/test.sh), on disk in a temporary folder:
/// Orleans' Azure Storage providers keep grain state in blobs, reminders and membership in tables.
/// </summary>
public sealed class AzuriteServer : StorageServer
{
    public const string Account = "devstoreaccount1";
    public const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The Table service's port (the Blob service's is <see cref="StorageServer.Port"/>).</summary>
    public int TablePort { get; } = FreePort.Next();

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/{Account}");

    /// <summary>What the silo's Storage:AzureStorage:ConnectionString takes.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};BlobEndpoint={Endpoint};TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    protected override bool StopsGracefully => true;

    /// <summary>The Blob service answers first; ready when the Table service does too.</summary>
    protected override async Task<bool> ReadyAsync()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, TablePort);
        return true;
    }

    public static async Task<AzuriteServer> StartNewAsync()
    {
        var server = new AzuriteServer();
        await server.StartAsync();
        return server;
    }

    protected override Process Launch()
    {
        var script = Path.Combine(RepositoryRoot(), "tests", "servers", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script)) throw new InvalidOperationException($"Azurite is not installed ({script}): scripts/test.sh runs npm install in tests/servers.");
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        return Start("node", [script, "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(invariant),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(invariant), "--queueHost", "127.0.0.1", "--queuePort", FreePort.Next().ToString(invariant),
            "--location", Folder.File("azurite"), "--silent", "--skipApiVersionCheck", "--loose"]);
    }
}
