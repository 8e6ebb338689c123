using System.Net;
using System.Net.Http.Json;
using ThreeSocial.Grains.Users;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Auth;

/// <summary>A silo with limits low enough to reach in a test: 5 requests a second per user (10 at once), 6 sign-ins a minute per address.</summary>
public sealed class LimitedSiloFixture : IAsyncLifetime
{
    public RunningSilo Silo { get; private set; } = null!;

    public async Task InitializeAsync() => Silo = await RunningSilo.StartAsync(
        "--Auth:PermitsPerSecond", "5", "--Auth:Burst", "10", "--Auth:SignInsPerMinute", "6");

    public async Task DisposeAsync() => await Silo.DisposeAsync();
}

[Trait("Category", TestCategory.Api)]
public sealed class LimitsTests(LimitedSiloFixture fixture) : IClassFixture<LimitedSiloFixture>
{
    [Fact]
    public async Task A_user_over_their_rate_gets_429_with_Retry_After_while_another_user_is_served_and_sign_ins_are_limited_per_address()
    {
        var silo = fixture.Silo;
        var busy = await silo.As(Role.Operator, "500103");   // sign-in 2 of this minute (the operator's was 1)
        var other = await silo.As(Role.Operator, "500105");  // 3

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => busy.GetAsync("/api/v1/auth/me")));
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(answers.Count(a => a.StatusCode == HttpStatusCode.OK), 10, 15); // the burst, and what refilled meanwhile
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter is not null));
        Assert.Equal("application/problem+json", limited[0].Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/auth/me")).StatusCode);

        var signIns = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
            signIns.Add((await silo.Anonymous.PostAsJsonAsync("/api/v1/auth/token", new { userName = "guesser", password = $"guess-number-{i}" })).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], signIns.Take(3));
        Assert.All(signIns.Skip(3), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }
}
