using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Tests.Alerts;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Api;

[Collection(CitySiloCollection.Name)]
[Trait("Category", TestCategory.Api)]
public sealed class AlertsApiTests(RegionsSiloFixture fixture)
{
    private HttpClient Http => fixture.Silo.Http;
    private RegionCatalog Catalog => fixture.Silo.Services.GetRequiredService<RegionCatalog>();

    [Fact]
    public async Task An_escalated_incident_s_alert_is_in_the_street_inbox_as_JSON_and_valid_CAP_XML_and_can_be_acknowledged()
    {
        var scene = Catalog.City.Communities.First(c => c.Code.StartsWith("500110", StringComparison.Ordinal)).Area.InteriorPoint;
        var street = Catalog.Locate(scene.X, scene.Y)!.Street.Code;
        var created = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Headers = { { "Idempotency-Key", Keys.New("alert-api") } },
            Content = JsonContent.Create(new { subtype = "landslide", severity = "Major", longitude = scene.X, latitude = scene.Y, description = "山体滑坡" }),
        });
        var incident = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        JsonElement entry = default;
        await Eventually.True(async () =>
        {
            var inbox = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/alert-inboxes/{street}?status=Open");
            entry = inbox.EnumerateArray().FirstOrDefault(e => e.GetProperty("subject").GetString() == incident);
            return entry.ValueKind == JsonValueKind.Object;
        }, "nobody on duty: the street office has an alert");
        var id = entry.GetProperty("alertId").GetString()!;

        var json = await Http.GetFromJsonAsync<JsonElement>($"/api/v1/alerts/{id}");
        Assert.Equal("Open", json.GetProperty("status").GetString());
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/alerts/{id}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/cap+xml"));
        var xml = await Http.SendAsync(request);
        Assert.Equal("application/cap+xml", xml.Content.Headers.ContentType!.MediaType);
        var cap = XDocument.Parse(await xml.Content.ReadAsStringAsync());
        CapSchema.AssertValid(cap);
        Assert.Contains(street, cap.ToString());

        var acknowledged = await Http.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledgement", new { note = "已联系社区" });
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("Acknowledged", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/v1/alerts/ALT-500110001-000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/v1/alerts/nonsense")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.GetAsync("/api/v1/alert-inboxes/500110001001")).StatusCode); // a community has no inbox
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsJsonAsync($"/api/v1/alerts/{id}/acknowledgement", new { note = 42 })).StatusCode);
        var tooFar = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/alerts/{id}?message=99");
        tooFar.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/cap+xml"));
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.SendAsync(tooFar)).StatusCode);
    }

    [Fact]
    public async Task Bad_webhook_subscriptions_are_400s_that_store_nothing_and_a_good_one_is_listed_without_its_secret()
    {
        const string street = "500112001";
        string[] bad =
        [
            """{"url":"ftp://example.org/cap"}""",                     // not http(s)
            """{"url":"not a url"}""",
            """{"secret":"0123456789abcdef0"}""",                       // no url
            """{"url":"https://example.org/cap","secret":"short"}""",  // secret under 16 characters
            """{"url":"https://example.org/cap","extra":1}""",         // unknown field
        ];
        foreach (var body in bad)
        {
            var response = await Http.PostAsync($"/api/v1/alert-inboxes/{street}/webhooks", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostAsJsonAsync("/api/v1/alert-inboxes/500112001001/webhooks", new { url = "https://example.org/cap" })).StatusCode);
        Assert.Equal(0, (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/alert-inboxes/{street}/webhooks")).GetArrayLength());

        var created = await Http.PostAsJsonAsync($"/api/v1/alert-inboxes/{street}/webhooks", new { url = "https://example.org/cap" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var subscription = await created.Content.ReadFromJsonAsync<JsonElement>();
        var secret = subscription.GetProperty("secret").GetString()!;
        var listed = await Http.GetStringAsync($"/api/v1/alert-inboxes/{street}/webhooks");
        Assert.DoesNotContain(secret, listed);
        // Removed again, so the other tests' incidents in this street send nothing to an address that does not answer here.
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/alert-inboxes/{street}/webhooks/{subscription.GetProperty("id").GetString()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/v1/alert-inboxes/{street}/webhooks/WH-nope")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_aimed_inside_or_over_plain_http_is_a_400_that_stores_nothing_unless_the_deployment_allows_its_host()
    {
        const string street = "500112002";
        string[] inside =
        [
            "http://169.254.169.254/latest/meta-data", // cloud metadata (link-local, and plain http)
            "https://169.254.169.254/latest/meta-data",
            "https://127.0.0.2:5080/api/v1/users",      // loopback (only 127.0.0.1 is allowed here)
            "https://localhost/cap",
            "https://10.0.0.5/cap",                      // private
            "https://172.16.3.4/cap",
            "https://192.168.1.1/cap",
            "https://100.64.0.1/cap",                    // shared address space
            "https://0.0.0.0/cap",
            "https://[::1]/cap",
            "https://[fe80::1]/cap",                     // IPv6 link-local
            "https://[fd12:3456::1]/cap",                // unique-local
            "https://[::ffff:10.0.0.1]/cap",             // an IPv4 private address written as IPv6
            "http://example.org/cap",                    // public, but plain http
        ];
        foreach (var url in inside)
        {
            var response = await Http.PostAsJsonAsync($"/api/v1/alert-inboxes/{street}/webhooks", new { url });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("Alerts:Webhooks:AllowedHosts", problem.GetProperty("detail").GetString());
        }
        Assert.Equal(0, (await Http.GetFromJsonAsync<JsonElement>($"/api/v1/alert-inboxes/{street}/webhooks")).GetArrayLength());

        // The control: this silo's allow-list names 127.0.0.1 (the tests' receivers), so plain http to it is accepted.
        var allowed = await Http.PostAsJsonAsync($"/api/v1/alert-inboxes/{street}/webhooks", new { url = "http://127.0.0.1:9/cap" });
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        var id = (await allowed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/alert-inboxes/{street}/webhooks/{id}")).StatusCode);
    }
}
