using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;

namespace ThreeSocial.Storage.AzureBlob;

/// <summary>A blob's bytes and its ETag.</summary>
public sealed record BlobContent(byte[] Data, string ETag);

/// <summary>A committed block of a block blob, in order.</summary>
public sealed record CommittedBlock(string Id, long Size);

/// <summary>What the service said when a request did not succeed: its status and error code (x-ms-error-code).</summary>
public sealed class BlobRequestException(HttpStatusCode status, string? code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
    public string? Code { get; } = code;
}

/// <summary>
/// The few Blob service REST operations the storage provider needs, signed with Shared Key (the Azure SDK does not
/// restore here). Tested against Azurite. Paths are account-scoped ("{endpoint}/{container}/{blob}"), which is how
/// Azurite and the service both accept them.
/// </summary>
public sealed class BlobRestClient(HttpClient http, Uri accountEndpoint, string account, string key)
{
    public const string ApiVersion = "2021-08-06";

    private readonly byte[] _key = Convert.FromBase64String(key);
    private readonly string _endpoint = accountEndpoint.ToString().TrimEnd('/');

    public async Task CreateContainerIfMissingAsync(string container, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, container, "restype=container", null, null, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict) return; // made now, or already there
        throw await Failure(response, $"create container {container}");
    }

    public async Task<bool> ContainerExistsAsync(string container, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, container, "restype=container", null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        if (response.IsSuccessStatusCode) return true;
        throw await Failure(response, "read the container");
    }

    public async Task<BlobContent?> GetAsync(string container, string blob, CancellationToken cancellationToken, string? range = null)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{container}/{Escape(blob)}", null, null,
            range is null ? null : r => r.Headers.Range = RangeHeaderValue.Parse(range), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await Failure(response, $"read {blob}");
        return new BlobContent(await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Headers.ETag!.Tag);
    }

    /// <summary>Writes a block blob. ifMatch null: only if none exists (If-None-Match: *); "*": whatever is there, or nothing.</summary>
    public async Task<string> PutAsync(string container, string blob, byte[] data, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"{container}/{Escape(blob)}", null, data, r =>
        {
            r.Headers.Add("x-ms-blob-type", "BlockBlob");
            Condition(r, ifMatch);
        }, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created) return response.Headers.ETag!.Tag;
        throw await Failure(response, $"write {blob}");
    }

    /// <summary>Deletes a blob if its ETag matches ("*": whatever is there). Returns false when there was none.</summary>
    public async Task<bool> DeleteAsync(string container, string blob, string ifMatch, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, $"{container}/{Escape(blob)}", null, null, r => Condition(r, ifMatch), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Accepted) return true;
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        throw await Failure(response, $"delete {blob}");
    }

    /// <summary>Every blob name under a prefix, following the listing's continuation markers.</summary>
    public async Task<List<string>> ListAsync(string container, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? marker = null;
        do
        {
            var query = $"restype=container&comp=list&prefix={Uri.EscapeDataString(prefix)}" + (marker is null ? "" : $"&marker={Uri.EscapeDataString(marker)}");
            using var response = await SendAsync(HttpMethod.Get, container, query, null, null, cancellationToken);
            if (!response.IsSuccessStatusCode) throw await Failure(response, $"list {prefix}");
            var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            names.AddRange(xml.Descendants("Blob").Select(b => b.Element("Name")!.Value));
            marker = xml.Root?.Element("NextMarker")?.Value is { Length: > 0 } next ? next : null;
        }
        while (marker is not null);
        return names;
    }

    /// <summary>The committed blocks of a block blob and its ETag, or null when the blob does not exist.</summary>
    public async Task<(IReadOnlyList<CommittedBlock> Blocks, string ETag)?> GetBlockListAsync(string container, string blob, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"{container}/{Escape(blob)}", "comp=blocklist&blocklisttype=committed", null, null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        if (!response.IsSuccessStatusCode) throw await Failure(response, $"read the block list of {blob}");
        var xml = XDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var blocks = xml.Descendants("CommittedBlocks").Elements("Block")
            .Select(b => new CommittedBlock(b.Element("Name")!.Value, long.Parse(b.Element("Size")!.Value, CultureInfo.InvariantCulture))).ToList();
        return (blocks, response.Headers.ETag!.Tag);
    }

    public async Task PutBlockAsync(string container, string blob, string blockId, byte[] data, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Put, $"{container}/{Escape(blob)}", $"comp=block&blockid={Uri.EscapeDataString(blockId)}", data, null, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created) throw await Failure(response, $"stage a block of {blob}");
    }

    /// <summary>Commits the blob as exactly these blocks, in one step, if its ETag still matches (null: only if none exists).</summary>
    public async Task<string> PutBlockListAsync(string container, string blob, IEnumerable<string> blockIds, string? ifMatch, CancellationToken cancellationToken)
    {
        var body = new XDocument(new XElement("BlockList", blockIds.Select(id => new XElement("Latest", id))));
        var bytes = Encoding.UTF8.GetBytes(body.ToString(SaveOptions.DisableFormatting));
        using var response = await SendAsync(HttpMethod.Put, $"{container}/{Escape(blob)}", "comp=blocklist", bytes, r => Condition(r, ifMatch), cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created) return response.Headers.ETag!.Tag;
        throw await Failure(response, $"commit the blocks of {blob}");
    }

    /// <summary>null: only if no blob exists; "*": no condition at all; otherwise: only if the blob's ETag is this one.</summary>
    private static void Condition(HttpRequestMessage request, string? ifMatch)
    {
        if (ifMatch is null) request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        else if (ifMatch != "*") request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
    }

    /// <summary>Blob names are escaped segment by segment: a '/' stays a virtual folder separator.</summary>
    private static string Escape(string blob) => string.Join('/', blob.Split('/').Select(Uri.EscapeDataString));

    private static async Task<BlobRequestException> Failure(HttpResponseMessage response, string what)
    {
        var code = response.Headers.TryGetValues("x-ms-error-code", out var codes) ? codes.FirstOrDefault() : null;
        var detail = await response.Content.ReadAsStringAsync();
        return new BlobRequestException(response.StatusCode, code, $"Blob service could not {what}: {(int)response.StatusCode} {code} {detail[..Math.Min(detail.Length, 300)]}");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? query, byte[]? body,
        Action<HttpRequestMessage>? configure, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, $"{_endpoint}/{path}{(query is null ? "" : "?" + query)}");
        if (body is not null || method == HttpMethod.Put) request.Content = new ByteArrayContent(body ?? []);
        request.Headers.Add("x-ms-date", DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture));
        request.Headers.Add("x-ms-version", ApiVersion);
        configure?.Invoke(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("SharedKey", $"{account}:{Sign(request)}");
        return await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    /// <summary>The Shared Key signature of a request, as the Blob service defines its string to sign (versions from 2015).</summary>
    internal string Sign(HttpRequestMessage request)
    {
        string Header(string name) => request.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : request.Content?.Headers.TryGetValues(name, out var c) == true ? string.Join(",", c) : "";
        var length = request.Content?.Headers.ContentLength is > 0 and var l ? l.ToString()! : "";
        var canonicalHeaders = request.Headers.Where(h => h.Key.StartsWith("x-ms-", StringComparison.OrdinalIgnoreCase))
            .Select(h => (Name: h.Key.ToLowerInvariant(), Value: string.Join(",", h.Value).Trim()))
            .OrderBy(h => h.Name, StringComparer.Ordinal)
            .Select(h => $"{h.Name}:{h.Value}\n");
        var uri = request.RequestUri!;
        var resource = new StringBuilder("/").Append(account).Append(uri.AbsolutePath);
        var query = uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .GroupBy(p => Uri.UnescapeDataString(p[0]).ToLowerInvariant())
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var parameter in query)
            resource.Append('\n').Append(parameter.Key).Append(':').Append(string.Join(",", parameter.Select(p => p.Length > 1 ? Uri.UnescapeDataString(p[1]) : "").Order(StringComparer.Ordinal)));
        var range = request.Headers.Range?.ToString() ?? "";
        var toSign = string.Join("\n",
            request.Method.Method, Header("Content-Encoding"), Header("Content-Language"), length, Header("Content-MD5"), Header("Content-Type"),
            "", Header("If-Modified-Since"), Header("If-Match"), Header("If-None-Match"), Header("If-Unmodified-Since"), range)
            + "\n" + string.Concat(canonicalHeaders) + resource;
        return Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(toSign)));
    }
}
