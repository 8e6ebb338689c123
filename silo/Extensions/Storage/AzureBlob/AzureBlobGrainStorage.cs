using Orleans.Storage;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ThreeSocial.Storage.AzureBlob;

public sealed class AzureBlobStorageOptions
{
    /// <summary>The account's blob endpoint, e.g. https://acct.blob.core.windows.net or Azurite's http://127.0.0.1:10000/devstoreaccount1.</summary>
    public string Endpoint { get; set; } = "";

    public string AccountName { get; set; } = "";

    /// <summary>The account key (base64), for Shared Key signing.</summary>
    public string AccountKey { get; set; } = "";

    public string Container { get; set; } = "grains";

    /// <summary>How long one request may take before the write fails (and the caller gets a 503).</summary>
    public int RequestTimeoutSeconds { get; set; } = 5;
}

/// <summary>
/// Grain state in Azure Blob Storage: one block blob per state, "{stateName}-{grainType}-{key}.json", created with
/// If-None-Match: * and replaced or deleted with If-Match: its ETag, so a stale writer gets 412/409, which becomes
/// <see cref="InconsistentStateException"/>. A log is one block blob ("log/{logName}/{grainType}/{key}") whose committed
/// blocks are its entries in order: an append stages the new blocks and commits the whole list with If-Match, one
/// atomic step, so its length check and its entries stand or fall together. Reminders are one blob each under "reminders/".
/// </summary>
public sealed class AzureBlobGrainStorage : IStateStore, IReminderStore, IDisposable
{
    /// <summary>The service's limit of committed blocks per blob: a log holds at most this many entries.</summary>
    public const int MaxLogEntries = 50_000;

    private readonly AzureBlobStorageOptions _options;
    private readonly HttpClient _http;
    private readonly BlobRestClient _blobs;
    private volatile Task? _container;
    private readonly Lock _containerLock = new();

    public AzureBlobGrainStorage(AzureBlobStorageOptions options)
    {
        _options = options;
        _http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
        _blobs = new BlobRestClient(_http, new Uri(options.Endpoint), options.AccountName, options.AccountKey);
    }

    public string ProviderName => "azureblob";

    private string Container => _options.Container;

    public static string StateBlob(string stateName, GrainKey grainId) => $"{stateName}-{grainId.Type}-{grainId.Key}.json";

    private static string LogBlob(string logName, GrainKey grainId) => $"log/{logName}/{grainId.Type}/{grainId.Key}";

    private static string ReminderBlob(GrainKey grainId, string name) => $"reminders/{grainId.Type}/{grainId.Key}/{name}.json";

    public Task<StoredState?> ReadAsync(string stateName, GrainKey grainId, CancellationToken cancellationToken = default) =>
        Run(async () => await _blobs.GetAsync(Container, StateBlob(stateName, grainId), cancellationToken) is { } blob
            ? new StoredState(blob.Data, blob.ETag) : null, "read");

    public Task<string> WriteAsync(string stateName, GrainKey grainId, byte[] data, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            try
            {
                return await _blobs.PutAsync(Container, StateBlob(stateName, grainId), data, etag, cancellationToken);
            }
            catch (BlobRequestException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                throw await Conflict(stateName, grainId, etag, cancellationToken);
            }
        }, "write");

    public Task ClearAsync(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (etag is null)
            {
                if (await _blobs.GetAsync(Container, StateBlob(stateName, grainId), cancellationToken) is { } existing)
                    throw new InconsistentStateException($"{grainId} has a stored {stateName}; clearing it needs its ETag.", existing.ETag, (string?)null);
                return 0;
            }
            try
            {
                if (await _blobs.DeleteAsync(Container, StateBlob(stateName, grainId), etag, cancellationToken)) return 0;
            }
            catch (BlobRequestException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
            }
            throw await Conflict(stateName, grainId, etag, cancellationToken);
        }, "clear");

    public Task AppendAsync(string logName, GrainKey grainId, long expectedLength, IReadOnlyList<byte[]> entries, CancellationToken cancellationToken = default) =>
        Run(async () =>
        {
            if (entries.Count == 0) return 0;
            var blob = LogBlob(logName, grainId);
            var current = await _blobs.GetBlockListAsync(Container, blob, cancellationToken);
            var committed = current?.Blocks ?? [];
            if (committed.Count != expectedLength) throw NotThatLong(logName, grainId, expectedLength);
            if (expectedLength + entries.Count > MaxLogEntries)
                throw new GrainStorageException($"The {logName} log of {grainId} would pass {MaxLogEntries} entries, the most one blob holds.");
            // Block ids name the writer too: two writers staging "the next entry" never overwrite each other's block.
            var writer = Guid.NewGuid().ToString("N");
            var ids = entries.Select((_, i) => BlockId(expectedLength + i + 1, writer)).ToList();
            await Task.WhenAll(entries.Select((entry, i) => _blobs.PutBlockAsync(Container, blob, ids[i], entry, cancellationToken)));
            try
            {
                await _blobs.PutBlockListAsync(Container, blob, committed.Select(b => b.Id).Concat(ids), current?.ETag, cancellationToken);
            }
            catch (BlobRequestException e) when (e.Status is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
            {
                throw NotThatLong(logName, grainId, expectedLength);
            }
            return 0;
        }, "append");

    public Task<IReadOnlyList<byte[]>> ReadLogAsync(string logName, GrainKey grainId, long afterNumber, int maxCount, CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<byte[]>>(async () =>
        {
            var blob = LogBlob(logName, grainId);
            if (await _blobs.GetBlockListAsync(Container, blob, cancellationToken) is not { } list || afterNumber >= list.Blocks.Count || maxCount <= 0) return [];
            var wanted = list.Blocks.Skip((int)afterNumber).Take(maxCount).ToList();
            var start = list.Blocks.Take((int)afterNumber).Sum(b => b.Size);
            var length = wanted.Sum(b => b.Size);
            if (length == 0) return wanted.Select(_ => Array.Empty<byte>()).ToList();
            // The range is read at the block list's ETag: a log only grows, so the bytes before its end never change.
            var bytes = (await _blobs.GetAsync(Container, blob, cancellationToken, $"bytes={start}-{start + length - 1}"))!.Data;
            var entries = new List<byte[]>(wanted.Count);
            var offset = 0;
            foreach (var block in wanted)
            {
                entries.Add(bytes.AsSpan(offset, (int)block.Size).ToArray());
                offset += (int)block.Size;
            }
            return entries;
        }, "read the log");

    public async Task<StorageHealth> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await EnsureContainerAsync();
            return new StorageHealth(ProviderName, await _blobs.ContainerExistsAsync(Container, cancellationToken));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or BlobRequestException or GrainStorageException)
        {
            return new StorageHealth(ProviderName, false, e.Message);
        }
    }

    public Task<IReadOnlyList<ReminderRow>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        Run<IReadOnlyList<ReminderRow>>(async () =>
        {
            var names = await _blobs.ListAsync(Container, "reminders/", cancellationToken);
            var found = new List<ReminderRow>();
            foreach (var chunk in names.Chunk(32))
            {
                var blobs = await Task.WhenAll(chunk.Select(n => _blobs.GetAsync(Container, n, cancellationToken)));
                found.AddRange(blobs.OfType<BlobContent>().Select(b => JsonSerializer.Deserialize<StoredReminder>(b.Data)!.ToEntry()));
            }
            return found;
        }, "read reminders");

    public Task UpsertAsync(ReminderRow entry, CancellationToken cancellationToken = default) =>
        Run(() => _blobs.PutAsync(Container, ReminderBlob(entry.GrainKey, entry.Name), JsonSerializer.SerializeToUtf8Bytes(StoredReminder.Of(entry)), "*", cancellationToken),
            "write a reminder");

    public Task RemoveAsync(GrainKey grainId, string name, CancellationToken cancellationToken = default) =>
        Run(() => _blobs.DeleteAsync(Container, ReminderBlob(grainId, name), "*", cancellationToken), "remove a reminder");

    public void Dispose() => _http.Dispose();

    private sealed record StoredReminder(string GrainType, string GrainKey, string Name, DateTimeOffset Due, long PeriodMs)
    {
        public static StoredReminder Of(ReminderRow e) => new(e.GrainKey.Type, e.GrainKey.Key, e.Name, e.Due, (long)e.Period.TotalMilliseconds);

        public ReminderRow ToEntry() => new(new GrainKey(GrainType, GrainKey), Name, Due, TimeSpan.FromMilliseconds(PeriodMs));
    }

    private static string BlockId(long number, string writer) =>
        Convert.ToBase64String(Encoding.ASCII.GetBytes($"{number:D12}-{writer}")); // every id of a blob has the same length

    private static InconsistentStateException NotThatLong(string logName, GrainKey grainId, long expectedLength) =>
        new($"The {logName} log of {grainId} is not {expectedLength} entries long; nothing was appended.", null,
            expectedLength.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private async Task<InconsistentStateException> Conflict(string stateName, GrainKey grainId, string? etag, CancellationToken cancellationToken)
    {
        var stored = await _blobs.GetAsync(Container, StateBlob(stateName, grainId), cancellationToken);
        return new InconsistentStateException($"The {stateName} of {grainId} was changed by someone else (ETag {etag ?? "none"} is stale).", stored?.ETag, etag);
    }

    private Task EnsureContainerAsync()
    {
        var container = _container;
        if (container is { IsCompletedSuccessfully: true }) return container;
        lock (_containerLock) // one attempt at a time, tried again after a failure (storage down at start)
        {
            if (_container is null || _container.IsFaulted || _container.IsCanceled)
                _container = _blobs.CreateContainerIfMissingAsync(Container, CancellationToken.None);
            return _container;
        }
    }

    /// <summary>Network failures, timeouts and the service's own 5xx become one exception the API turns into a 503.</summary>
    private async Task<T> Run<T>(Func<Task<T>> operation, string what)
    {
        try
        {
            await EnsureContainerAsync();
            return await operation();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException
                                      || e is BlobRequestException { Status: >= HttpStatusCode.InternalServerError or HttpStatusCode.Forbidden })
        {
            throw new GrainStorageException($"Blob storage could not {what}: {e.Message}", e);
        }
    }
}
