using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;

namespace ThreeSocial.Grains.Common;

/// <summary>
/// The request ids a grain carried out lately, kept in its durable state with what it needs to answer a resend
/// (a phone on a poor network retries). Bounded: the oldest are forgotten first.
/// </summary>
public sealed record RecentRequests<T>
{
    public const int Capacity = 1_000;

    public ImmutableDictionary<string, T> Items { get; init; } = ImmutableDictionary<string, T>.Empty;
    public ImmutableQueue<string> Order { get; init; } = [];

    public bool TryGet(string requestId, out T value) => Items.TryGetValue(requestId, out value!);

    /// <summary>Remembers a new request, or updates what is remembered of a known one (its place in the order stays).</summary>
    public RecentRequests<T> Remember(string requestId, T value)
    {
        if (Items.ContainsKey(requestId)) return this with { Items = Items.SetItem(requestId, value) };
        var items = Items.Add(requestId, value);
        var order = Order.Enqueue(requestId);
        while (items.Count > Capacity)
        {
            order = order.Dequeue(out var oldest);
            items = items.Remove(oldest);
        }
        return new RecentRequests<T> { Items = items, Order = order };
    }
}

public static class RecentRequests
{
    /// <summary>A stable digest of a command, so a reused request id with different content is recognised.</summary>
    public static string Fingerprint(object command) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(command, command.GetType())));

    /// <summary>
    /// The idempotency guard: true when the request id was carried out before with the same content (answer as then,
    /// change nothing); a request id reused for different content is the caller's mistake; false when it is new.
    /// </summary>
    public static bool IsResend(string? knownFingerprint, object command, string requestId, string field, string idName = "Request id", string what = "request")
    {
        if (knownFingerprint is null) return false;
        if (knownFingerprint != Fingerprint(command)) throw new InvalidRequestException(field, "invalid.reused", idName, requestId, what);
        return true;
    }
}
