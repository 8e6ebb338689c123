using System.Collections.Immutable;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// Why the board decided as it did, as facts (the catalogue's "why.{Key}" says it in the reader's language). Kinds:
/// nearest (need, eta, km), late (eta), nearer-taken (eta, responder), nearer-kept (eta, responder, their eta,
/// incidents), leaves-fewer (incidents), kept-back (free, on duty, need), nobody-has, all-taken.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.DispatchReason")]
public sealed record DispatchReason([property: Id(0)] string Key, [property: Id(1)] ImmutableArray<string> Facts)
{
    public static DispatchReason Of(string key, params string[] facts) => new(key, [.. facts]);
}
