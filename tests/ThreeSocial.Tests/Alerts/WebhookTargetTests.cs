using System.Net;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Alerts;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

/// <summary>
/// The check made when a delivery connects, on the address the name resolves to: "localhost" stands for a name
/// accepted once and re-pointed inside since. A real receiver on loopback, real HTTP.
/// </summary>
[Trait("Category", TestCategory.Unit)]
public sealed class WebhookTargetTests
{
    private static readonly IOptions<AlertDeliveryOptions> Delivery = Options.Create(new AlertDeliveryOptions { RequestTimeout = TimeSpan.FromSeconds(5) });

    [Fact]
    public async Task A_delivery_to_a_name_that_resolves_inside_is_refused_at_connect_and_reaches_it_once_the_host_is_allowed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var body = "<alert/>"u8.ToArray();

        var refused = await new WebhookSender(Delivery, new WebhookTargets([])).PostAsync(url, body, "a-secret-of-16-chars", "id-1", "d-1");
        Assert.Null(refused.Status);
        Assert.Contains("internal addresses", refused.Error);
        Assert.Empty(receiver.Requests);

        // The control: the same request, with the host allowed, arrives.
        var delivered = await new WebhookSender(Delivery, new WebhookTargets(["localhost"])).PostAsync(url, body, "a-secret-of-16-chars", "id-2", "d-2");
        Assert.Equal(200, delivered.Status);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_redirects_is_not_followed()
    {
        await using var receiver = await WebhookReceiver.StartAsync(redirectTo: "http://169.254.169.254/latest/meta-data");
        var attempt = await new WebhookSender(Delivery, WebhookReceiver.Targets).PostAsync(receiver.Url, "<alert/>"u8.ToArray(), "a-secret-of-16-chars", "id-1", "d-1");
        Assert.Equal((int)HttpStatusCode.TemporaryRedirect, attempt.Status); // a failed attempt, retried later; nothing else was called
        Assert.Single(receiver.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.31.255.255", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("192.168.0.1", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("100.128.0.1", false)]
    [InlineData("224.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("1.2.3.4", false)]
    [InlineData("::1", true)]
    [InlineData("::", true)]
    [InlineData("fe80::1", true)]
    [InlineData("fc00::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("::ffff:8.8.8.8", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void Internal_addresses_are_told_from_public_ones(string address, bool isInternal) =>
        Assert.Equal(isInternal, WebhookTargets.IsInternal(IPAddress.Parse(address)));
}
