using System.Globalization;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Orleans.Storage;
using ThreeSocial.Journal;

namespace ThreeSocial.Storage.AzureStorage;

/// <summary>
/// The journals' logs and snapshots in Azure Blob Storage, beside Orleans' grain state blobs. A log is one block blob
/// ("journal/{grainType}/{key}/{logName}") whose committed blocks are its entries in order: an append stages the new
/// blocks and commits the whole list under If-Match (If-None-Match: * for the first), one atomic step, so its length
/// check and its entries stand or fall together. A snapshot is a blob beside it, replaced under its ETag.
/// </summary>
public sealed class BlobLogStore(BlobContainerClient container) : ILogStore, IStorageHealth
{
    public const string ProviderName = "azurestorage";

    /// <summary>The service's limit of committed blocks per blob: a log holds at most this many entries.</summary>
    public const int MaxLogEntries = 50_000;

    private volatile Task? _created;
    private readonly Lock _createLock = new();

    private BlockBlobClient Log(string logName, GrainKey grainId) =>
        container.GetBlockBlobClient($"journal/{grainId.Type}/{grainId.Key}/{logName}");

    private BlobClient Snapshot(string logName, GrainKey grainId) =>
        container.GetBlobClient($"journal/{grainId.Type}/{grainId.Key}/{logName}.snapshot");

    public Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (entries.Count == 0) return 0;
            var blob = Log(logName, grainId);
            var (committed, etag) = await BlockListAsync(blob, cancellationToken);
            if (committed.Count != expectedLength) throw NotThatLong(logName, grainId, expectedLength);
            if (expectedLength + entries.Count > MaxLogEntries)
                throw new GrainStorageException($"The {logName} log of {grainId} would pass {MaxLogEntries} entries, the most one blob holds.");
            // Block ids name the writer too: two writers staging "the next entry" never overwrite each other's block.
            var writer = Guid.NewGuid().ToString("N");
            var ids = entries.Select((_, i) => BlockId(expectedLength + i + 1, writer)).ToList();
            await Task.WhenAll(entries.Select((entry, i) => blob.StageBlockAsync(ids[i], new MemoryStream(entry), cancellationToken: cancellationToken)));
            var condition = etag is { } known ? new BlobRequestConditions { IfMatch = known } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                await blob.CommitBlockListAsync(committed.Select(b => b.Name).Concat(ids), new CommitBlockListOptions { Conditions = condition }, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // The SDK retries a commit whose answer was slow; the retry then fails against the first attempt's own
                // success. Our blocks at the end, in order, mean the append is in: only someone else's is a conflict.
                if (!await CommittedAsOursAsync(blob, expectedLength, ids, cancellationToken)) throw NotThatLong(logName, grainId, expectedLength);
            }
            return 0;
        }, "append to a journal");

    public Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<byte[]>>(async () =>
        {
            var blob = Log(logName, grainId);
            var (blocks, etag) = await BlockListAsync(blob, cancellationToken);
            if (etag is null || afterNumber >= blocks.Count || maxCount <= 0) return [];
            var wanted = blocks.Skip((int)afterNumber).Take(maxCount).ToList();
            var start = blocks.Take((int)afterNumber).Sum(b => b.SizeLong);
            var length = wanted.Sum(b => b.SizeLong);
            if (length == 0) return [.. wanted.Select(_ => Array.Empty<byte>())];
            // Read at the block list's ETag: the bytes before a log's end never change, and a newer list only adds blocks.
            var content = await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(start, length) }, cancellationToken);
            var bytes = content.Value.Content.ToMemory();
            var entries = new List<byte[]>(wanted.Count);
            var offset = 0;
            foreach (var block in wanted)
            {
                entries.Add(bytes.Slice(offset, (int)block.SizeLong).ToArray());
                offset += (int)block.SizeLong;
            }
            return entries;
        }, "read a journal");

    public Task<StoredState?> ReadSnapshotAsync(string logName, GrainKey grainId, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            try
            {
                var content = await Snapshot(logName, grainId).DownloadContentAsync(cancellationToken);
                return new StoredState(content.Value.Content.ToArray(), content.Value.Details.ETag.ToString());
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null;
            }
        }, "read a journal snapshot");

    public Task<string> WriteSnapshotAsync(string logName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            var condition = etag is null ? new BlobRequestConditions { IfNoneMatch = ETag.All } : new BlobRequestConditions { IfMatch = new ETag(etag) };
            try
            {
                var written = await Snapshot(logName, grainId).UploadAsync(new BinaryData(data), new BlobUploadOptions { Conditions = condition }, cancellationToken);
                return written.Value.ETag.ToString();
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                throw new InconsistentStateException($"The {logName} snapshot of {grainId} was changed by someone else (ETag {etag ?? "none"} is stale).", null, etag);
            }
        }, "write a journal snapshot");

    public async Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await EnsureContainerAsync();
            return new StorageHealth(ProviderName, (await container.ExistsAsync(cancellationToken)).Value);
        }
        catch (Exception e) when (AzureFailures.IsUnavailable(e) || e is OperationCanceledException)
        {
            return new StorageHealth(ProviderName, false, e.Message);
        }
    }

    private static async Task<(IReadOnlyList<BlobBlock> Blocks, ETag? ETag)> BlockListAsync(BlockBlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var list = await blob.GetBlockListAsync(BlockListTypes.Committed, cancellationToken: cancellationToken);
            return ([.. list.Value.CommittedBlocks], list.GetRawResponse().Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return ([], null);
        }
    }

    private static async Task<bool> CommittedAsOursAsync(BlockBlobClient blob, long expectedLength, List<string> ids, CancellationToken cancellationToken)
    {
        var (committed, _) = await BlockListAsync(blob, cancellationToken);
        return committed.Skip((int)expectedLength).Take(ids.Count).Select(b => b.Name).SequenceEqual(ids); // writer ids are unique
    }

    private static string BlockId(long number, string writer) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{number:D12}-{writer}")); // every id of a blob has the same length

    private static InconsistentStateException NotThatLong(string logName, GrainKey grainId, long expectedLength) =>
        new($"The {logName} log of {grainId} is not {expectedLength} entries long; nothing was appended.", null,
            expectedLength.ToString(CultureInfo.InvariantCulture));

    private Task EnsureContainerAsync()
    {
        var created = _created;
        if (created is { IsCompletedSuccessfully: true }) return created;
        lock (_createLock) // one attempt at a time, tried again after a failure (storage down at start)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled) _created = container.CreateIfNotExistsAsync();
            return _created;
        }
    }

    private async Task<T> Run<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            await EnsureContainerAsync();
            return await operation();
        }
        catch (Exception e) when (AzureFailures.IsUnavailable(e))
        {
            throw new GrainStorageException($"Blob storage could not {what}: {e.Message}", e);
        }
    }
}

/// <summary>What Azure Storage or the way to it says when it cannot serve: the caller gets a 503, not a 500.</summary>
public static class AzureFailures
{
    public static bool IsUnavailable(Exception e) =>
        e is RequestFailedException { Status: 0 or 403 or >= 500 } or HttpRequestException or TimeoutException or TaskCanceledException
        || e is AggregateException { InnerExceptions: var inner } && inner.All(IsUnavailable);
}
