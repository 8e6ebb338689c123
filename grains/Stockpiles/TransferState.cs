using System.Collections.Immutable;

namespace ThreeSocial.Grains.Stockpiles;

public sealed record TransferState
{
    public TransferRequest? Request { get; init; }
    public TransferStage Stage { get; init; }
    public ImmutableArray<StockLine> Lines { get; init; } = [];
    public string? Failure { get; init; }
}
