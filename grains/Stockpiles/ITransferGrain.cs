namespace ThreeSocial.Grains.Stockpiles;

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
