
namespace ThreeSocial.Grains.Stockpiles;

/// <summary>
/// A supply stockpile (key: owner code + "-S" + sequence). Stock lives in batches with expiry dates; every change is
/// a ledger line; quantities never go negative; issue draws first-expiry-first from usable (unexpired) batches.
/// </summary>
[Alias("ts.IStockpileGrain")]
public interface IStockpileGrain : IGrainWithStringKey
{
    Task<MovementResult> Receive(ReceiveSupplies command);
    Task<MovementResult> Issue(IssueSupplies command);
    Task<MovementResult> Adjust(AdjustBatch command);
    Task<MovementResult> Stocktake(CountBatch command);
    Task<MovementResult> WriteOffExpired(WriteOffExpired command);
    Task<MovementResult> SetMinimum(SetMinimumLevel command);
    Task<MovementResult> Open(OpeningStock command);
    Task<MovementResult> TransferOut(TransferOut command);
    Task<MovementResult> TransferIn(TransferIn command);

    [ReadOnly] Task<StockpileStatus> GetStatus();
    [ReadOnly] Task<IReadOnlyList<Batch>> GetBatches(string category);
    [ReadOnly] Task<IReadOnlyList<LedgerEntry>> GetLedger(long afterSequence, int take);
}
