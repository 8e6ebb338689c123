using System.Collections.Immutable;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Stockpiles;

public sealed record TransferState
{
    public TransferRequest? Request { get; init; }
    public TransferStage Stage { get; init; }
    public ImmutableArray<StockLine> Lines { get; init; } = [];
    public string? Failure { get; init; }

    /// <summary>The failure as facts, to be said in the reader's language; null in transfers that failed before it was kept.</summary>
    public Phrase? FailureSaid { get; init; }
}
