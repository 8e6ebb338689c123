using ThreeSocial.Reminders;
using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Stockpiles;

public sealed class TransferGrain([PersistentState("transfer")] IPersistentState<TransferState> transfer, SupplyCatalog supplies) : Grain, ITransferGrain, IRemindable
{
    private const string Resume = "resume";

    private string Id => this.GetPrimaryKeyString();

    public async Task<TransferStatus> Start(TransferRequest request)
    {
        if (transfer.State.Request is { } known)
        {
            if (known != request) throw new InvalidRequestException(nameof(request), "invalid.transfer-reused", Id);
            if (transfer.State.Stage is TransferStage.Done or TransferStage.Failed) return Status();
        }
        else
        {
            Require.Text(request.Actor, nameof(request.Actor), 64);
            Require.Quantity(request.Quantity, nameof(request.Quantity));
            supplies.Get(request.Category);
            if (request.From == request.To) throw new InvalidRequestException(nameof(request.To), "invalid.transfer-to-self");
            await Save(transfer.State with { Request = request, Stage = TransferStage.New });
            await this.RemindOnce(Resume, TimeSpan.FromMinutes(1)); // finishes it if this process dies midway
        }
        await Run();
        return Status();
    }

    public Task<TransferStatus> GetStatus() => Task.FromResult(Status());

    /// <summary>A failed delivery here is retried by the reminder service with backoff: it keeps going until done.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (transfer.State.Request is not null && transfer.State.Stage is TransferStage.New or TransferStage.InTransit) await Run();
    }

    private async Task Run()
    {
        var request = transfer.State.Request!;
        if (transfer.State.Stage == TransferStage.New)
        {
            MovementResult taken;
            try
            {
                taken = await GrainFactory.GetGrain<IStockpileGrain>(request.From)
                    .TransferOut(new TransferOut($"{Id}/out", request.To, request.Category, request.Quantity, request.Actor));
            }
            catch (Exception ex) when (ex is DomainRuleException or InvalidRequestException)
            {
                await Save(transfer.State with { Stage = TransferStage.Failed, Failure = ex.Message, FailureSaid = ((IExplained)ex).Said });
                await this.ForgetReminder(Resume);
                return;
            }
            var lines = taken.Entries.Select(e => new StockLine(e.Category, -e.Delta, e.Expiry, 0)).ToImmutableArray();
            await Save(transfer.State with { Stage = TransferStage.InTransit, Lines = lines });
        }
        await GrainFactory.GetGrain<IStockpileGrain>(request.To).TransferIn(new TransferIn($"{Id}/in", request.From, transfer.State.Lines, request.Actor));
        await Save(transfer.State with { Stage = TransferStage.Done });
        await this.ForgetReminder(Resume);
    }

    private Task Save(TransferState next) => transfer.ReplaceStateAsync(next);

    private TransferStatus Status() => new(Id, transfer.State.Request, transfer.State.Stage, transfer.State.Lines, transfer.State.Failure, transfer.State.FailureSaid);
}
