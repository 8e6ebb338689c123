using System.Collections.Immutable;

namespace ThreeSocial.Grains.Stockpiles;

[GenerateSerializer, Immutable, Alias("ts.TransferRequest")]
public sealed record TransferRequest([Id(0)] string From, [Id(1)] string To, [Id(2)] string Category, [Id(3)] int Quantity, [Id(4)] string Actor);

[GenerateSerializer, Alias("ts.TransferStage")]
public enum TransferStage { New, InTransit, Done, Failed }

[GenerateSerializer, Immutable, Alias("ts.TransferStatus")]
public sealed record TransferStatus([Id(0)] string TransferId, [Id(1)] TransferRequest? Request, [Id(2)] TransferStage Stage, [Id(3)] ImmutableArray<StockLine> Lines, [Id(4)] string? Failure,
    [property: System.Text.Json.Serialization.JsonIgnore] [Id(5)] Texts.Phrase? FailureSaid = null);
