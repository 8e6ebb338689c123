using ThreeSocial.Grains.Alerts;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

[Trait("Category", TestCategory.Grain)]
public sealed class AlertInboxTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task An_inbox_keeps_its_newest_entries_dropping_cleared_ones_first_and_comes_back_the_same_after_a_restart()
    {
        var path = _temp.File("inbox.db");
        var start = DateTimeOffset.UtcNow;
        InboxEntry Entry(int i, AlertStatus status, string kind = "deadline-at-risk") =>
            new($"ALT-500103001-{i:X12}", kind, $"INC-{i}", status, start, start.AddSeconds(i), 1, DeliverySummary.NoSubscribers);
        await using (var silo = await TestSilo.StartAsync(path))
        {
            var inbox = silo.Grains.GetGrain<IAlertInboxGrain>("500103001");
            await inbox.Track(Entry(0, AlertStatus.Open, "no-responder")); // the oldest, but open: kept over newer cleared ones
            for (var i = 1; i <= InboxState.MaxEntries + 100; i++) await inbox.Track(Entry(i, i <= 150 ? AlertStatus.Cleared : AlertStatus.Open));
        }

        await using var restarted = await TestSilo.StartAsync(path);
        var reread = restarted.Grains.GetGrain<IAlertInboxGrain>("500103001");
        var open = await reread.List(AlertStatus.Open, null, 500);
        var cleared = await reread.List(AlertStatus.Cleared, null, 500);

        Assert.Single(await reread.List(AlertStatus.Open, "no-responder", 10), e => e.Subject == "INC-0");
        Assert.Equal(49, cleared.Length); // 150 cleared, the 101 oldest of them dropped to stay at the limit
        Assert.Equal($"INC-{InboxState.MaxEntries + 100}", open[0].Subject); // newest first
    }
}
