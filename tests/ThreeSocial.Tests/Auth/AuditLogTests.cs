using ThreeSocial.Grains.Audit;
using ThreeSocial.Grains.Common;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Auth;

[Trait("Category", TestCategory.Grain)]
public sealed class AuditLogTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Entries_recorded_at_once_are_stored_in_batches_and_read_back_once_each_in_order_page_by_page_after_a_restart()
    {
        const int count = 25_000;
        var path = _temp.File("audit.db");
        await using (var silo = await TestSilo.StartAsync(path))
        {
            var log = silo.Grains.GetGrain<IAuditLogGrain>("2026-11-22");
            var at = DateTimeOffset.UtcNow;
            await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
                log.Record(new AuditEntry(at, i % 7 == 0 ? "seventh" : $"user-{i % 50}", "Test", "POST", $"/things/{i}", 200, "127.0.0.1"))));
        }

        await using var restarted = await TestSilo.StartAsync(path);
        var day = restarted.Grains.GetGrain<IAuditLogGrain>("2026-11-22");
        var read = new List<NumberedAuditEntry>();
        for (long after = 0; ;)
        {
            var page = await day.Read(after, 1000, null);
            if (page.Count == 0) break;
            read.AddRange(page);
            after = page[^1].Number;
        }

        Assert.Equal(count, read.Count);
        Assert.Equal(count, read.Select(e => e.Entry.Path).Distinct().Count());
        Assert.True(read.Zip(read.Skip(1)).All(p => p.First.Number < p.Second.Number), "numbers increase");
        var sevenths = await day.Read(0, 1000, "seventh");
        Assert.Equal(1000, sevenths.Count);
        Assert.All(sevenths, e => Assert.Equal("seventh", e.Entry.User));
        await Assert.ThrowsAsync<InvalidRequestException>(() => day.Read(0, 5000, null));
    }
}
