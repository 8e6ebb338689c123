using System.Collections.Frozen;
using System.Text.Json;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>One supply category a stockpile keeps, with its GB/T 38565-structured code.</summary>
public sealed record SupplyCategory(string Code, string Zh, string En, string Unit, bool Perishable, int Minimum);

/// <summary>The 20 categories every community stockpile keeps (Stockpiles/supply-categories.json).</summary>
public static class SupplyCatalog
{
    private static readonly Lazy<FrozenDictionary<string, SupplyCategory>> Categories = new(() =>
    {
        using var stream = typeof(SupplyCatalog).Assembly.GetManifestResourceStream("supply-categories.json")!;
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("categories")
            .Deserialize<SupplyCategory[]>(JsonSerializerOptions.Web)!
            .ToFrozenDictionary(c => c.Code);
    });

    public static IEnumerable<SupplyCategory> All => Categories.Value.Values.OrderBy(c => c.Code, StringComparer.Ordinal);

    public static SupplyCategory Get(string code) =>
        Categories.Value.TryGetValue(code, out var category)
            ? category
            : throw new Common.InvalidRequestException($"Unknown supply category '{code}'.", nameof(code));
}
