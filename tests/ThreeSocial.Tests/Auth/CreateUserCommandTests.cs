using System.Net;
using System.Net.Http.Json;
using ThreeSocial.Silo;
using ThreeSocial.Silo.Commands;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Auth;

[Trait("Category", TestCategory.Unit)]
public sealed class CreateUserCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task The_first_administrator_of_a_store_without_demo_users_is_made_by_the_command_and_signs_in_to_the_service()
    {
        var store = _temp.File("fresh.db");
        Environment.SetEnvironmentVariable("THREESOCIAL_PASSWORD", "first-admin-password");
        try
        {
            Assert.True(CommandLine.TryRun(["create-user", "--name", "first-admin", "--role", "admin", "--jurisdiction", "500000",
                "--Storage:Sqlite:Path", store], out var exitCode));
            Assert.Equal(0, exitCode);
            CommandLine.TryRun(["create-user", "--name", "first-admin", "--role", "admin", "--jurisdiction", "500000", "--Storage:Sqlite:Path", store], out var again);
            Assert.Equal(1, again); // the name is taken
        }
        finally
        {
            Environment.SetEnvironmentVariable("THREESOCIAL_PASSWORD", null);
        }

        await using var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", store, "--City:LoadDemo", "false",
            "--City:WarmUpOnStart", "false", "--Auth:DemoUsers", "false", "--Logging:LogLevel:Default", "Warning"]);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var signIn = await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "first-admin", password = "first-admin-password" });
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await http.PostAsJsonAsync("/api/v1/auth/token", new { userName = "operator", password = "threesocial-demo" })).StatusCode); // no demo users here
        await app.StopAsync();
    }
}
