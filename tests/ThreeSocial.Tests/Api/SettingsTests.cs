using Microsoft.Extensions.Options;
using ThreeSocial.Silo;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>A setting out of its range stops the silo as it starts, naming the setting: not a failure at the first request that reads it.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Dispatch:Reserve", "1.5", "Dispatch:Reserve is a share of the people on duty, from 0 to 1.")]
    [InlineData("Dispatch:Eta:CarKmh", "0", "Dispatch:Eta's speeds are more than zero.")]
    [InlineData("Auth:Burst", "0", "Auth:PermitsPerSecond, Auth:Burst and Auth:SignInsPerMinute are at least 1.")]
    [InlineData("Auth:SigningKey", "c2hvcnQ=", "Auth:SigningKey is the base64 of at least 32 bytes.")]
    [InlineData("Auth:SignIn:MaxFailures", "0", "Auth:SignIn:MaxFailures and Auth:SignIn:PasswordIterations are at least 1; Auth:SignIn:LockoutDuration is zero or longer.")]
    [InlineData("Live:Backlog", "0", "Live:Backlog is at least 1.")]
    [InlineData("Alerts:Delivery:MaxRetry", "00:00:01", "Alerts:Delivery:MaxRetry is at least Alerts:Delivery:FirstRetry.")]
    public async Task A_setting_out_of_range_stops_the_silo_at_start_and_says_which(string setting, string value, string message)
    {
        using var temp = new TempDirectory();
        await using var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", temp.File("silo.db"),
            "--City:WarmUpOnStart", "false", "--City:LoadDemo", "false", "--Logging:LogLevel:Default", "None", "--" + setting, value]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal([message], error.Failures);
    }
}
