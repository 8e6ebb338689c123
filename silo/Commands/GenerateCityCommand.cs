using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Silo.Commands;

/// <summary>generate-city --seed 42 --out &lt;dir&gt;: writes the demo city as GeoJSON and JSON files.</summary>
public static class GenerateCityCommand
{
    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var seed = int.Parse(options.GetValueOrDefault("seed", "42"), CultureInfo.InvariantCulture);
        var output = options.GetValueOrDefault("out") ?? throw new ArgumentException("generate-city needs --out <dir>.");
        var clock = Stopwatch.StartNew();
        var city = new CityGenerator(seed).Generate(ChongqingDistricts.All);
        CityFiles.Write(city, output);
        Console.WriteLine($"seed {seed}: {city.Districts.Count} districts, {city.Streets.Count} streets and towns, " +
                          $"{city.Communities.Count(c => c.Urban)} communities, {city.Communities.Count(c => !c.Urban)} villages, " +
                          $"{city.Grids.Count} grids, {city.Stockpiles.Count} stockpiles, {city.Responders.Count} responders " +
                          $"in {clock.Elapsed.TotalSeconds:0.0} s → {Path.GetFullPath(output)}");
        return 0;
    }
}
