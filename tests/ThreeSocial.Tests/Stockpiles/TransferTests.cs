using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Clocks;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Stockpiles;

[Trait("Category", TestCategory.Grain)]
public sealed class TransferTests : RuntimeTest
{
    private const string Depot = "500103001-S01";
    private const string Community = "500103001001-S01";
    private readonly VirtualTime _clock = new();

    private DateOnly Today => ChongqingTime.Today(_clock);

    protected override void ConfigureServices(IServiceCollection services) => services.AddGrainClock(_clock);

    private IStockpileGrain Stockpile(string id) => Grains.GetGrain<IStockpileGrain>(id);

    private async Task<int> OnHand(string id, string category) =>
        (await Stockpile(id).GetStatus()).Categories.Single(c => c.Category == category).OnHand;

    [Fact]
    public async Task Stock_moves_first_expiry_first_keeping_its_dates_and_a_resend_moves_nothing_more()
    {
        await Stockpile(Depot).Receive(new ReceiveSupplies("late", "1010101", 100, Today.AddDays(300), "w"));
        await Stockpile(Depot).Receive(new ReceiveSupplies("soon", "1010101", 30, Today.AddDays(20), "w"));
        var request = new TransferRequest(Depot, Community, "1010101", 50, "dispatcher");

        var done = await Grains.GetGrain<ITransferGrain>("t1").Start(request);
        var again = await Grains.GetGrain<ITransferGrain>("t1").Start(request);

        Assert.Equal(TransferStage.Done, done.Stage);
        Assert.Empty(await RemindersOf("transfer", "t1")); // its resume reminder went with it
        Assert.Equal(done.Lines.ToArray(), again.Lines.ToArray());
        Assert.Equal((80, 50), (await OnHand(Depot, "1010101"), await OnHand(Community, "1010101")));
        var arrived = await Stockpile(Community).GetBatches("1010101");
        Assert.Equal([(30, Today.AddDays(20)), (20, Today.AddDays(300))], arrived.Select(b => (b.Quantity, b.Expiry!.Value)).ToList());
        Assert.All(await Stockpile(Community).GetLedger(0, 10), e => Assert.Equal(MovementKind.TransferIn, e.Kind));
    }

    [Fact]
    public async Task Not_enough_stock_fails_the_transfer_and_nothing_moves()
    {
        await Stockpile(Depot).Receive(new ReceiveSupplies("some", "3010101", 10, null, "w"));

        var failed = await Grains.GetGrain<ITransferGrain>("t2").Start(new TransferRequest(Depot, Community, "3010101", 11, "d"));

        Assert.Equal(TransferStage.Failed, failed.Stage);
        Assert.Contains("Only 10", failed.Failure);
        Assert.Equal((10, 0), (await OnHand(Depot, "3010101"), await OnHand(Community, "3010101")));
    }

    [Fact]
    public async Task Opposite_transfers_at_the_same_time_do_not_deadlock_and_conserve_stock()
    {
        await Stockpile(Depot).Receive(new ReceiveSupplies("a", "3010101", 1000, null, "w"));
        await Stockpile(Community).Receive(new ReceiveSupplies("b", "3010101", 1000, null, "w"));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Grains.GetGrain<ITransferGrain>($"x{i}")
            .Start(i % 2 == 0 ? new TransferRequest(Depot, Community, "3010101", 7, "d") : new TransferRequest(Community, Depot, "3010101", 5, "d"))));

        Assert.All(results, r => Assert.Equal(TransferStage.Done, r.Stage));
        Assert.Equal(2000, await OnHand(Depot, "3010101") + await OnHand(Community, "3010101"));
        Assert.Equal(1000 - 20 * 7 + 20 * 5, await OnHand(Depot, "3010101"));
    }

    [Fact]
    public async Task A_transfer_cut_off_after_taking_the_stock_is_finished_by_its_reminder_after_a_restart()
    {
        await Stockpile(Depot).Receive(new ReceiveSupplies("r", "3010101", 100, null, "w"));
        // The state a crash between the two legs leaves behind: stock taken out, the transfer in transit, its reminder due.
        var request = new TransferRequest(Depot, Community, "3010101", 40, "d");
        var taken = await Stockpile(Depot).TransferOut(new TransferOut("t3/out", Community, "3010101", 40, "d"));
        var inTransit = new TransferState
        {
            Request = request,
            Stage = TransferStage.InTransit,
            Lines = [.. taken.Entries.Select(e => new StockLine(e.Category, -e.Delta, e.Expiry, 0))],
        };
        await Silo.Storage.WriteAsync("transfer", new GrainKey("transfer", "t3"), JsonSerializer.SerializeToUtf8Bytes(inTransit, GrainStateJson.Options), null);
        // As the previous runtime stored a one-shot (period zero), due just after the restart.
        await Silo.Storage.UpsertAsync(new ReminderRow(new GrainKey("transfer", "t3"), "resume", _clock.GetUtcNow().AddSeconds(15), TimeSpan.Zero));
        Assert.Equal((60, 0), (await OnHand(Depot, "3010101"), await OnHand(Community, "3010101")));

        await RestartAsync();

        await _clock.PassUntil(async () => (await Grains.GetGrain<ITransferGrain>("t3").GetStatus()).Stage == TransferStage.Done, "the transfer resumes", TimeSpan.FromMinutes(10));
        Assert.Equal((60, 40), (await OnHand(Depot, "3010101"), await OnHand(Community, "3010101")));
        Assert.Empty(await RemindersOf("transfer", "t3"));
    }

    [Fact]
    public async Task A_transfer_to_itself_or_a_reused_id_is_refused()
    {
        await Assert.ThrowsAsync<InvalidRequestException>(() => Grains.GetGrain<ITransferGrain>("t4").Start(new TransferRequest(Depot, Depot, "3010101", 1, "d")));
        await Stockpile(Depot).Receive(new ReceiveSupplies("r", "3010101", 10, null, "w"));
        await Grains.GetGrain<ITransferGrain>("t5").Start(new TransferRequest(Depot, Community, "3010101", 1, "d"));
        await Assert.ThrowsAsync<InvalidRequestException>(() => Grains.GetGrain<ITransferGrain>("t5").Start(new TransferRequest(Depot, Community, "3010101", 2, "d")));
    }
}
