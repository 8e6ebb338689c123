using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Api.Stockpiles;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Silo;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Benchmarks;

/// <summary>
/// Durable live-status updates through HTTP (stockpile receipts over 10,000 stockpiles, each with its own
/// Idempotency-Key), measured with wrk beside a no-op endpoint that binds the same body, in the same process and run.
/// </summary>
internal static class HttpWrites
{
    private const string Script = """
        counter = 0
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local tag = tostring(math.random(1, 1e9))
        local body = '{"category":"3010101","quantity":5,"note":"sandbags from the depot"}'
        request = function()
          counter = counter + 1
          local n = math.random(0, 9999)
          local path = string.format(template, math.floor(n / 100), n % 100)
          return wrk.format("POST", path, { ["Content-Type"] = "application/json", ["Idempotency-Key"] = tag .. "-" .. counter, ["Authorization"] = auth }, body)
        end
        """;

    // Each fix is a little later than the last, so every request is a real, durable change.
    private const string PositionScript = """
        counter = 0
        math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
        local tag = tostring(math.random(1, 1e9))
        local base = os.time() - 3600
        request = function()
          counter = counter + 1
          local id = ids[math.random(1, #ids)]
          local at = os.date("!%Y-%m-%dT%H:%M:%S", base + math.floor(counter / 1000)) .. string.format(".%03dZ", counter % 1000)
          local body = string.format('{"longitude":%.5f,"latitude":%.5f,"at":"%s","accuracyMeters":12}',
            106.3 + math.random() * 0.5, 29.3 + math.random() * 0.5, at)
          return wrk.format("POST", "/api/v1/responders/" .. id .. "/position",
            { ["Content-Type"] = "application/json", ["Idempotency-Key"] = tag .. "-" .. counter, ["Authorization"] = auth }, body)
        end
        """;

    public static async Task RunAsync(TimeSpan duration, int connections)
    {
        if (Environment.GetEnvironmentVariable("BENCH_CONNECTIONS") is { } c) connections = int.Parse(c, CultureInfo.InvariantCulture);
        var folder = Path.Combine(Environment.GetEnvironmentVariable("BENCH_DIR") ?? Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", Path.Combine(folder, "http.db"), "--Logging:LogLevel:Default", "Warning",
            "--Orleans:SiloPort", FreePort.Next().ToString(CultureInfo.InvariantCulture), "--Auth:PermitsPerSecond", "1000000", "--Auth:Burst", "1000000"]); // one benchmark user sends everything
        // The same sign-in check, access rule and audit entry as a real receipt, without the grain and its storage.
        app.MapPost("/bench/empty/{id}/receipts", (string id, ReceiptRequest body) => TypedResults.Created($"/bench/{id}", body))
            .WithName("BenchEmptyReceipt").Require(Permission.RecordStock, Scopes.Stockpile);
        await app.StartAsync();
        // Measure a loaded city, not the demo loader's first start competing for the two cores.
        await ThreeSocial.Silo.DemoCity.DemoCityLoader.Loaded(app.Services);
        var url = app.Urls.First();
        await DemoUsers.Created(app.Services);
        var token = app.Services.GetRequiredService<AccessTokens>().Issue(
            (await app.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>("operator").GetAccess())!).AccessToken;
        var responders = app.Services.GetRequiredService<RegionCatalog>().City.Responders.Take(10_000).Select(r => r.Id).ToList();
        try
        {
            var auth = $"auth = \"Bearer {token}\"\n";
            var ids = "ids = {" + string.Join(",", responders.Select(r => $"\"{r}\"")) + "}\n";
            foreach (var (name, script) in new[]
                     {
                         ("empty endpoint, same body binding", $"{auth}template = \"/bench/empty/500103%03d%03d-S01/receipts\"\n{Script}"),
                         ("durable stockpile receipt", $"{auth}template = \"/api/v1/stockpiles/500103%03d%03d-S01/receipts\"\n{Script}"),
                         ("durable responder position", auth + ids + PositionScript),
                     }.Where(s => Environment.GetEnvironmentVariable("BENCH_HTTP_ONLY") is not { } only || s.Item1.Contains(only)))
            {
                var file = Path.Combine(folder, "post.lua");
                await File.WriteAllTextAsync(file, script);
                await Wrk(url, file, TimeSpan.FromSeconds(3), connections); // warm-up
                var output = await Wrk(url, file, duration, connections);
                Console.WriteLine($"HTTP POST, {name}, wrk {connections} connections, 2 threads, {duration.TotalSeconds:0} s:");
                foreach (var line in output.Split('\n').Where(l => l.Contains("Requests/sec") || l.Contains("Non-2xx") || l.TrimStart().StartsWith("50%", StringComparison.Ordinal) || l.TrimStart().StartsWith("90%", StringComparison.Ordinal) || l.TrimStart().StartsWith("99%", StringComparison.Ordinal) || l.Contains("Socket errors")))
                    Console.WriteLine("  " + line.Trim());
            }
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>
    /// The same durable receipts against a running service (a cluster's front door, say), signed in as the demo operator:
    /// `frontdoor http://127.0.0.1:5080`. Start the cluster first (scripts/cluster.sh start N).
    /// </summary>
    public static async Task AgainstAsync(Uri url, TimeSpan duration, int connections, string password = "threesocial-demo")
    {
        using var http = new HttpClient { BaseAddress = url };
        using var signIn = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "operator", password });
        signIn.EnsureSuccessStatusCode();
        var token = (await signIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "post.lua");
        await File.WriteAllTextAsync(file, $"auth = \"Bearer {token}\"\ntemplate = \"/api/v1/stockpiles/500103%03d%03d-S01/receipts\"\n{Script}");
        await Wrk(url.ToString(), file, TimeSpan.FromSeconds(5), connections); // warm-up
        var output = await Wrk(url.ToString(), file, duration, connections);
        Console.WriteLine($"HTTP POST, durable stockpile receipt at {url}, wrk {connections} connections, 2 threads, {duration.TotalSeconds:0} s:");
        foreach (var line in output.Split('\n').Where(l => l.Contains("Requests/sec") || l.Contains("Non-2xx") || l.TrimStart().StartsWith("50%", StringComparison.Ordinal) || l.TrimStart().StartsWith("99%", StringComparison.Ordinal) || l.Contains("Socket errors")))
            Console.WriteLine("  " + line.Trim());
        Directory.Delete(folder, recursive: true);
    }

    private static async Task<string> Wrk(string url, string script, TimeSpan duration, int connections)
    {
        var start = new ProcessStartInfo("wrk", $"-t2 -c{connections} -d{duration.TotalSeconds:0}s --latency -s {script} {url}")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk is not installed (apt-get install wrk).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        return output;
    }
}
