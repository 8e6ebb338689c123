using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Users;
using ThreeSocial.Silo;
using ThreeSocial.Silo.DemoCity;

namespace ThreeSocial.Tests.Support;

/// <summary>
/// The real silo process setup (SiloApplication), listening on a free loopback port, spoken to over real HTTP.
/// <see cref="Http"/> is signed in as the demo city-wide operator; <see cref="As"/> gives a client for any role and
/// jurisdiction (the account is made on first use, the token comes from the real sign-in endpoint).
/// </summary>
public sealed class RunningSilo : IAsyncDisposable
{
    public const string Password = "test-password-123";

    private readonly WebApplication _app;
    private readonly TempDirectory _temp;
    private readonly ConcurrentDictionary<string, Task<HttpClient>> _clients = new();

    private RunningSilo(WebApplication app, TempDirectory temp)
    {
        _app = app;
        _temp = temp;
        Anonymous = new HttpClient { BaseAddress = BaseAddress };
    }

    public Uri BaseAddress => new(_app.Urls.First());

    /// <summary>Signed in as the demo operator of the whole city.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>No token at all.</summary>
    public HttpClient Anonymous { get; }

    public IGrainFactory Grains => _app.Services.GetRequiredService<IGrainFactory>();
    public IServiceProvider Services => _app.Services;

    public static Task<RunningSilo> StartAsync(params string[] extraArgs) => StartAsync(null, extraArgs);

    /// <param name="services">Registrations before the silo's own (a log sink, say).</param>
    public static async Task<RunningSilo> StartAsync(Action<IServiceCollection>? services, params string[] extraArgs)
    {
        var temp = new TempDirectory();
        var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", temp.File("silo.db"),
            "--Logging:LogLevel:Default", "Warning", "--Orleans:SiloPort", FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture), "--City:WarmUpOnStart", "false", "--City:LoadDemo", "false", "--Reports:WeeklyDigest", "false",
            "--Auth:DemoUsers", "true", "--Auth:DemoPassword", Password, "--Alerts:Webhooks:AllowedHosts:0", "127.0.0.1",
            // Tests drive thousands of requests as one user; the rate-limit test sets its own limits.
            "--Auth:PermitsPerSecond", "1000000", "--Auth:Burst", "1000000", "--Auth:SignInsPerMinute", "100000",
            "--Auth:SignIn:PasswordIterations", "10000", .. extraArgs], services);
        await app.StartAsync();
        var silo = new RunningSilo(app, temp);
        await DemoUsers.Created(app.Services);
        silo.Http = await silo.SignedIn("operator", Password);
        return silo;
    }

    /// <summary>A client signed in as a user with this one role and jurisdiction.</summary>
    public Task<HttpClient> As(Role role, string jurisdiction) => _clients.GetOrAdd($"{role}:{jurisdiction}", async _ =>
    {
        var name = NameFor(role, jurisdiction);
        var user = Grains.GetGrain<IUserGrain>(name);
        if (await user.Get() is null) await user.Create(new NewUser(name, Password, [role], [jurisdiction]), "test");
        return await SignedIn(name, Password);
    });

    public static string NameFor(Role role, string jurisdiction) => $"t-{role.ToString().ToLowerInvariant()}-{jurisdiction}";

    /// <summary>The sign-in endpoint's whole answer (token, expiry, user), as a browser keeps it.</summary>
    public async Task<string> SessionFor(string userName, string password = Password)
    {
        using var response = await Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpClient> SignedIn(string userName, string password) =>
        new HttpClient { BaseAddress = BaseAddress, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", await TokenFor(userName, password)) } };

    public async Task<string> TokenFor(string userName, string password) =>
        JsonDocument.Parse(await SessionFor(userName, password)).RootElement.GetProperty("accessToken").GetString()!;

    /// <summary>Stops the silo as SIGTERM does (DisposeAsync after it is quick).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        Anonymous.Dispose();
        foreach (var client in _clients.Values) if (client.IsCompletedSuccessfully) client.Result.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _temp.Dispose();
    }
}
