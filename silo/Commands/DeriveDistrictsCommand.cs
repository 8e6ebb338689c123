using System.Text.Json;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Silo.Commands;

/// <summary>
/// derive-districts --echarts &lt;chongqing.geojson&gt; --codes &lt;china-area-data v5 data.json&gt; --out &lt;file&gt;
/// Rebuilds grains/Geography/Data/chongqing-districts.geojson (scripts/derive-districts.sh fetches the packages).
/// </summary>
public static class DeriveDistrictsCommand
{
    /// <summary>The codes china-area-data files Chongqing's districts under: 市辖区 and 县.</summary>
    private static readonly string[] DistrictParents = ["500100", "500200"];

    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        using var echarts = JsonDocument.Parse(File.ReadAllText(options["echarts"]));
        using var areaCodes = JsonDocument.Parse(File.ReadAllText(options["codes"]));
        var current = DistrictParents
            .SelectMany(parent => areaCodes.RootElement.GetProperty(parent).EnumerateObject())
            .ToDictionary(p => p.Name, p => p.Value.GetString()!);

        var districts = EChartsGeoDecoder.Decode(echarts.RootElement, GeoJson.Factory).Select(f =>
        {
            // Two counties became districts with new codes since the outlines were drawn (梁平县 → 梁平区, 武隆县 → 武隆区).
            var code = current.ContainsKey(f.Id) ? f.Id : current.Single(c => Stem(c.Value) == Stem(f.Name)).Key;
            return new District(code, current[code], f.Geometry);
        }).ToList();

        if (districts.Count != 38 || districts.Select(d => d.Code).Distinct().Count() != 38)
            throw new InvalidOperationException($"Expected 38 distinct districts, got {districts.Count}.");
        using var output = File.Create(options["out"]);
        ChongqingDistricts.Write(output, districts);
        Console.WriteLine($"wrote {districts.Count} districts to {options["out"]}");
        return 0;
    }

    private static string Stem(string name) => name.TrimEnd('区', '县');
}
