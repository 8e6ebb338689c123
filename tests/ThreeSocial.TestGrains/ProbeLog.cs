using System.Collections.Concurrent;

namespace ThreeSocial.TestGrains;

/// <summary>
/// What test grains observed, kept outside the grains so a test can see across activations.
/// Each test uses its own grain keys, so entries never mix.
/// </summary>
public static class ProbeLog
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Events = new();
    public static readonly ConcurrentDictionary<string, bool> FailActivation = new();

    public static void Add(string key, string evt) => Events.GetOrAdd(key, _ => new ConcurrentQueue<string>()).Enqueue(evt);

    public static IReadOnlyList<string> Of(string key) => Events.TryGetValue(key, out var q) ? [.. q] : [];

    public static int Count(string key, string evt) => Of(key).Count(e => e == evt);
}

/// <summary>A [start, end) interval of grain code, in Stopwatch ticks, for overlap checks.</summary>
public sealed record Interval(string Name, long Start, long End)
{
    public bool Overlaps(Interval other) => Start < other.End && other.Start < End;
}
