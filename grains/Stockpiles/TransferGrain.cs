using ThreeSocial.Reminders;
using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Stockpiles;

[GenerateSerializer, Immutable, Alias("ts.TransferRequest")]
public sealed record TransferRequest([Id(0)] string From, [Id(1)] string To, [Id(2)] string Category, [Id(3)] int Quantity, [Id(4)] string Actor);

[GenerateSerializer, Alias("ts.TransferStage")]
public enum TransferStage { New, InTransit, Done, Failed }

[GenerateSerializer, Immutable, Alias("ts.TransferStatus")]
public sealed record TransferStatus([Id(0)] string TransferId, [Id(1)] TransferRequest? Request, [Id(2)] TransferStage Stage, [Id(3)] ImmutableArray<StockLine> Lines, [Id(4)] string? Failure);

/// <summary>
/// Moves stock between two stockpiles, all or nothing (key: the transfer's id). The two stockpiles never call each
/// other, so opposite transfers cannot deadlock: this grain takes the stock out of one (first expiry first), then puts
/// the same lots into the other. Both legs are idempotent, so a failed or interrupted transfer is simply run again,
/// by the caller's resend or by a durable reminder after a crash, until it is done. Only a refusal of the first leg
/// (not enough usable stock) ends it as failed, with nothing moved.
/// </summary>
[Alias("ts.ITransferGrain")]
public interface ITransferGrain : IGrainWithStringKey
{
    Task<TransferStatus> Start(TransferRequest request);

    [ReadOnly] Task<TransferStatus> GetStatus();
}

public sealed record TransferState
{
    public TransferRequest? Request { get; init; }
    public TransferStage Stage { get; init; }
    public ImmutableArray<StockLine> Lines { get; init; } = [];
    public string? Failure { get; init; }
}

public sealed class TransferGrain([PersistentState("transfer")] IPersistentState<TransferState> transfer) : Grain, ITransferGrain, IRemindable
{
    private const string Resume = "resume";

    private string Id => this.GetPrimaryKeyString();

    public async Task<TransferStatus> Start(TransferRequest request)
    {
        if (transfer.State.Request is { } known)
        {
            if (known != request) throw new InvalidRequestException($"Transfer id '{Id}' was already used for a different transfer.", nameof(request));
            if (transfer.State.Stage is TransferStage.Done or TransferStage.Failed) return Status();
        }
        else
        {
            Require.Text(request.Actor, nameof(request.Actor), 64);
            Require.Quantity(request.Quantity, nameof(request.Quantity));
            SupplyCatalog.Get(request.Category);
            if (request.From == request.To) throw new InvalidRequestException("A transfer goes to another stockpile.", nameof(request.To));
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
                await Save(transfer.State with { Stage = TransferStage.Failed, Failure = ex.Message });
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

    private TransferStatus Status() => new(Id, transfer.State.Request, transfer.State.Stage, transfer.State.Lines, transfer.State.Failure);
}
