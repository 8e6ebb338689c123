using System.Diagnostics;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Benchmarks;

/// <summary>How fast the demo city is built, what its catalog holds in memory, and point-to-grid lookups per second.</summary>
internal static class RegionLookups
{
    public static void Run(TimeSpan duration)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        var city = new CityGenerator(42).Generate(ChongqingDistricts.All);
        var generated = clock.Elapsed;
        var catalog = new RegionCatalog(city);
        var indexed = clock.Elapsed - generated;
        var memory = GC.GetTotalMemory(forceFullCollection: true) - before;
        Console.WriteLine($"demo city: generated in {generated.TotalSeconds:0.0} s, catalog indexed in {indexed.TotalSeconds:0.00} s, " +
                          $"{memory / 1024.0 / 1024:0} MiB managed for {city.Grids.Count:N0} grids and {city.Responders.Count:N0} responder seeds");

        // Random points over the city's envelope: some fall outside Chongqing, as real reports near the border do.
        var random = new Random(1);
        var points = Enumerable.Range(0, 100_000).Select(_ => (
            catalog.Bounds.MinX + random.NextDouble() * catalog.Bounds.Width,
            catalog.Bounds.MinY + random.NextDouble() * catalog.Bounds.Height)).ToArray();
        foreach (var threads in new[] { 1, 2 })
        {
            long lookups = 0, found = 0;
            var stop = Stopwatch.StartNew();
            Parallel.For(0, threads, t =>
            {
                long mine = 0, hits = 0;
                for (var i = t; stop.Elapsed < duration; i = (i + threads) % points.Length, mine++)
                    if (catalog.Locate(points[i].Item1, points[i].Item2) is not null) hits++;
                Interlocked.Add(ref lookups, mine);
                Interlocked.Add(ref found, hits);
            });
            Console.WriteLine($"point-to-grid lookups, {threads} thread(s): {lookups / stop.Elapsed.TotalSeconds:N0}/s " +
                              $"({found * 100.0 / lookups:0}% of random points fell inside the city)");
        }
    }
}
