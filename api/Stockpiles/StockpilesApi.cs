using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using ThreeSocial.Api.Auth;
using ThreeSocial.Api.Common;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Grains.Users;
using Orleans;

namespace ThreeSocial.Api.Stockpiles;

// Optional fields carry defaults: strict binding treats every other constructor parameter as required.
public sealed record ReceiptRequest(string Category, int Quantity, DateOnly? Expiry = null, string? Note = null);

public sealed record IssueRequest(string Category, int Quantity, string? Reason = null);

public sealed record AdjustmentRequest(string BatchId, int Delta, string Reason);

public sealed record StocktakeRequest(string BatchId, int Counted);

public sealed record MinimumLevelRequest(string Category, int Minimum);

public sealed record TransferBody(string To, string Category, int Quantity);

/// <summary>Stock movements and stocktakes (台账) of one stockpile. Every write is idempotent by its Idempotency-Key.</summary>
public static class StockpilesApi
{
    public static IEndpointRouteBuilder MapStockpilesApi(this IEndpointRouteBuilder app)
    {
        // The stockpile's owner (its id's region code) must lie in the caller's jurisdiction; a transfer's destination need not.
        var stockpiles = app.MapGroup("/api/v1/stockpiles/{id}").WithTags("Stockpiles").Require(Permission.ViewOperations, Scopes.Stockpile);
        stockpiles.MapGet("", GetStatus).WithName("GetStockpile");
        stockpiles.MapGet("/ledger", GetLedger).WithName("GetStockpileLedger");
        stockpiles.MapGet("/batches/{category}", GetBatches).WithName("GetStockpileBatches");
        stockpiles.MapPost("/receipts", (string id, ReceiptRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.Receive(new ReceiveSupplies(key, body.Category, body.Quantity, body.Expiry, caller.Name, body.Note))))
            .WithName("ReceiveSupplies").Require(Permission.RecordStock, Scopes.Stockpile);
        stockpiles.MapPost("/issues", (string id, IssueRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.Issue(new IssueSupplies(key, body.Category, body.Quantity, caller.Name, body.Reason))))
            .WithName("IssueSupplies").Require(Permission.RecordStock, Scopes.Stockpile);
        stockpiles.MapPost("/adjustments", (string id, AdjustmentRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.Adjust(new AdjustBatch(key, body.BatchId, body.Delta, caller.Name, body.Reason))))
            .WithName("AdjustBatch").Require(Permission.ManageStock, Scopes.Stockpile);
        stockpiles.MapPost("/stocktakes", (string id, StocktakeRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.Stocktake(new CountBatch(key, body.BatchId, body.Counted, caller.Name))))
            .WithName("CountBatch").Require(Permission.ManageStock, Scopes.Stockpile);
        stockpiles.MapPost("/expiry-write-offs", (string id, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.WriteOffExpired(new WriteOffExpired(key, caller.Name))))
            .WithName("WriteOffExpired").Require(Permission.ManageStock, Scopes.Stockpile);
        stockpiles.MapPost("/minimum-levels", (string id, MinimumLevelRequest body, Caller caller, HttpContext http, IGrainFactory grains) =>
            Move(id, http, grains, (s, key) => s.SetMinimum(new SetMinimumLevel(key, body.Category, body.Minimum, caller.Name))))
            .WithName("SetMinimumLevel").Require(Permission.ManageStock, Scopes.Stockpile);
        stockpiles.MapPost("/transfers", Transfer).WithName("TransferSupplies").Require(Permission.ManageStock, Scopes.Stockpile);
        return app;
    }

    public static async Task<Ok<StockpileStatus>> GetStatus(string id, IGrainFactory grains) =>
        TypedResults.Ok(await Stockpile(grains, id).GetStatus());

    public static async Task<Ok<IReadOnlyList<LedgerEntry>>> GetLedger(string id, IGrainFactory grains, long after = 0, int take = 100) =>
        TypedResults.Ok<IReadOnlyList<LedgerEntry>>([.. (await Stockpile(grains, id).GetLedger(after, take)).Select(e => StockTexts.Localised(e, CultureInfo.CurrentUICulture))]);

    public static async Task<Ok<IReadOnlyList<Batch>>> GetBatches(string id, string category, IGrainFactory grains) =>
        TypedResults.Ok(await Stockpile(grains, id).GetBatches(category));

    /// <summary>
    /// Moves stock to another stockpile, all or nothing: 200 when done, 202 while in transit (it finishes by itself),
    /// 409 when there is not enough usable stock (nothing moved). The transfer's id is this stockpile and the Idempotency-Key.
    /// </summary>
    public static async Task<Results<Ok<TransferStatus>, Accepted<TransferStatus>>> Transfer(
        string id, TransferBody body, Caller caller, HttpContext http, IGrainFactory grains)
    {
        Stockpile(grains, id);
        Stockpile(grains, body.To);
        var transferId = $"{id}:{IdempotencyKey.From(http.Request)}";
        var status = await grains.GetGrain<ITransferGrain>(transferId).Start(new TransferRequest(id, body.To, body.Category, body.Quantity, caller.Name));
        return status.Stage switch
        {
            TransferStage.Done => TypedResults.Ok(status),
            TransferStage.Failed => throw new DomainRuleException(status.FailureSaid ?? (status.Failure is { } failure ? Phrase.Plain(failure) : Phrase.Of("rule.transfer-failed"))),
            _ => TypedResults.Accepted($"/api/v1/stockpiles/{id}/ledger", status),
        };
    }

    /// <summary>201 for a new movement, 200 with Idempotent-Replayed for a resend: either way the same body.</summary>
    private static async Task<Results<Created<MovementResult>, Ok<MovementResult>>> Move(
        string id, HttpContext http, IGrainFactory grains, Func<IStockpileGrain, string, Task<MovementResult>> command)
    {
        var stockpile = Stockpile(grains, id);
        var result = StockTexts.Localised(await command(stockpile, IdempotencyKey.From(http.Request)), CultureInfo.CurrentUICulture);
        if (!result.Replayed) return TypedResults.Created($"/api/v1/stockpiles/{id}/ledger?after={result.Entries.FirstOrDefault()?.Sequence - 1 ?? 0}", result);
        http.Response.Headers[IdempotencyKey.ReplayedHeader] = "true";
        return TypedResults.Ok(result);
    }

    private static IStockpileGrain Stockpile(IGrainFactory grains, string id) => grains.GetGrain<IStockpileGrain>(StockpileId.Parse(id).ToString());
}
