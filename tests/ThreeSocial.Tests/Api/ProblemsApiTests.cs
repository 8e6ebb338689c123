using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Auth;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

/// <summary>Errors say whose fault they are: the caller's is a 400 that names the field; ours is a 500, logged as a bug.</summary>
[Trait("Category", TestCategory.Api)]
public sealed class ProblemsApiTests(LoggedSiloFixture fixture) : IClassFixture<LoggedSiloFixture>
{
    private RunningSilo Silo => fixture.Silo;
    private RegionCatalog Catalog => Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task A_request_the_caller_got_wrong_is_a_400_naming_the_field_and_a_fault_of_ours_is_a_500_logged_as_a_bug()
    {
        var street = Catalog.Children("500104")[0].Code;

        // The caller's mistakes: a value out of range, and one ASP.NET cannot even read.
        using var outOfRange = await Send(HttpMethod.Get, $"/api/v1/alert-inboxes/{street}?take=0", "en");
        using var unreadable = await Send(HttpMethod.Get, $"/api/v1/alert-inboxes/{street}?take=many", "en");

        // Ours: an alert stored under a kind the alert rules no longer have (say, a rule retired by a later release
        // without migrating its alerts). Written to the store as the grain would have written it, since the grain
        // itself refuses to raise an alert of an unknown kind.
        var now = DateTimeOffset.UtcNow;
        var model = await Silo.Grains.GetGrain<IAlertGrain>(AlertIds.For(street, "no-responder", "problems-model"))
            .Raise(new AlertCondition("no-responder", street, street[..6], "problems-model", "无人具备急救技能", now, "PublicHealth"));
        var id = AlertIds.For(street, "retired-kind", "problems-retired");
        var retired = model with { Id = id, Kind = "retired-kind", Subject = "problems-retired" };
        await Silo.Services.GetRequiredKeyedService<IGrainStorage>("Default").WriteStateAsync("alert", Silo.Grains.GetGrain<IAlertGrain>(id).GetGrainId(),
            new GrainState<AlertState>(new AlertState { Alert = retired, Dispatched = retired.Messages.Length }));
        using var asJson = await Silo.Http.GetAsync($"/api/v1/alerts/{id}");
        var asCap = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/alerts/{id}");
        asCap.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/cap+xml"));
        asCap.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/problem+json", 0.5)); // else a failure has no body to read
        asCap.Headers.AcceptLanguage.ParseAdd("en");
        using var bug = await Silo.Http.SendAsync(asCap);

        Assert.Equal(HttpStatusCode.BadRequest, outOfRange.StatusCode);
        var mistake = await outOfRange.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("The request is not valid; nothing was changed.", "take is between 1 and 500.", "take"),
            (mistake.GetProperty("title").GetString(), mistake.GetProperty("detail").GetString(), mistake.GetProperty("field").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal("The request could not be read.", (await unreadable.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        Assert.Equal(HttpStatusCode.OK, asJson.StatusCode); // the alert is there; rendering it as CAP is what fails
        Assert.Equal(HttpStatusCode.InternalServerError, bug.StatusCode);
        var fault = await bug.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("An unexpected error occurred.", fault.GetProperty("title").GetString());
        Assert.False(fault.TryGetProperty("detail", out _), "the caller is not told our internals");
        Assert.False(fault.TryGetProperty("field", out _), "nor that a field of theirs was wrong");

        var errors = fixture.Logs.Lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.Contains(errors, l => l.Contains($"/api/v1/alerts/{id}") && l.Contains("failed with 500")
            && l.Contains("System.ArgumentException") && l.Contains("retired-kind"));
        Assert.DoesNotContain(errors, l => l.Contains("/api/v1/alert-inboxes/")); // a caller's mistake is not a bug of ours
    }

    /// <summary>The same three mistakes asked in each language: a 400 (title and detail), a 404 and a 409 (title).</summary>
    [Fact]
    public async Task Problem_details_speak_the_callers_language_chinese_by_default()
    {
        var street = Catalog.Children("500104")[1].Code;
        var cleared = AlertIds.For(street, "no-responder", "problems-language");
        await Silo.Grains.GetGrain<IAlertGrain>(cleared).Raise(new AlertCondition("no-responder", street, street[..6], "problems-language", "无人具备急救技能", DateTimeOffset.UtcNow));
        await Silo.Grains.GetGrain<IAlertGrain>(cleared).Clear("已解决");
        var missing = AlertIds.For(street, "no-responder", "problems-nothing-here");

        async Task<(HttpStatusCode, string?, string?, string?)> Ask(HttpMethod method, string path, string? language, object? body = null)
        {
            using var response = await Send(method, path, language, body);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            return (response.StatusCode, problem.GetProperty("title").GetString(), problem.TryGetProperty("detail", out var d) ? d.GetString() : null,
                problem.TryGetProperty("field", out var f) ? f.GetString() : null);
        }

        var invalid = $"/api/v1/alert-inboxes/{street}?take=0";
        Assert.Equal((HttpStatusCode.BadRequest, "请求无效，未做任何更改。", "take 应在 1 到 500 之间。", "take"), await Ask(HttpMethod.Get, invalid, null));
        Assert.Equal((HttpStatusCode.BadRequest, "请求无效，未做任何更改。", "take 应在 1 到 500 之间。", "take"), await Ask(HttpMethod.Get, invalid, "zh-CN,zh;q=0.9"));
        Assert.Equal((HttpStatusCode.BadRequest, "The request is not valid; nothing was changed.", "take is between 1 and 500.", "take"), await Ask(HttpMethod.Get, invalid, "en-US,en;q=0.9"));

        var (status, title, _, _) = await Ask(HttpMethod.Get, $"/api/v1/alerts/{missing}", null);
        Assert.Equal((HttpStatusCode.NotFound, "未找到。"), (status, title));
        (status, title, _, _) = await Ask(HttpMethod.Get, $"/api/v1/alerts/{missing}", "en");
        Assert.Equal((HttpStatusCode.NotFound, "Not found."), (status, title));

        (status, title, _, _) = await Ask(HttpMethod.Post, $"/api/v1/alerts/{cleared}/acknowledgement", null, new { note = "收到" });
        Assert.Equal((HttpStatusCode.Conflict, "请求与当前状态冲突，未做任何更改。"), (status, title));
        (status, title, _, _) = await Ask(HttpMethod.Post, $"/api/v1/alerts/{cleared}/acknowledgement", "en", new { note = "got it" });
        Assert.Equal((HttpStatusCode.Conflict, "The request conflicts with the current state; nothing was changed."), (status, title));
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string path, string? language, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (language is not null) request.Headers.AcceptLanguage.ParseAdd(language);
        if (body is not null) request.Content = JsonContent.Create(body);
        return await Silo.Http.SendAsync(request);
    }
}
