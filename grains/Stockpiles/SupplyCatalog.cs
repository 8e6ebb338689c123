using System.Collections.Frozen;
using System.Text.Json;

namespace ThreeSocial.Grains.Stockpiles;

/// <summary>One supply category a stockpile keeps, with its GB/T 38565-structured code; its unit in English and Chinese.</summary>
public sealed record SupplyCategory(string Code, string Zh, string En, string Unit, string UnitZh, bool Perishable, int Minimum);

/// <summary>The 20 categories every community stockpile keeps (Stockpiles/supply-categories.json); a DI singleton.</summary>
public sealed class SupplyCatalog
{
    private readonly FrozenDictionary<string, SupplyCategory> _categories;

    private SupplyCatalog(IEnumerable<SupplyCategory> categories) => _categories = categories.ToFrozenDictionary(c => c.Code);

    /// <summary>The catalogue the service ships, read from the embedded supply-categories.json.</summary>
    public static SupplyCatalog Load()
    {
        using var stream = typeof(SupplyCatalog).Assembly.GetManifestResourceStream("supply-categories.json")
            ?? throw new InvalidOperationException("supply-categories.json is not embedded.");
        using var document = JsonDocument.Parse(stream);
        var categories = document.RootElement.GetProperty("categories").Deserialize<SupplyCategory[]>(JsonSerializerOptions.Web)!;
        // Notes say a quantity with its unit in the reader's language: a category without both would read as a blank.
        if (categories.FirstOrDefault(c => string.IsNullOrWhiteSpace(c.Unit) || string.IsNullOrWhiteSpace(c.UnitZh)) is { } bad)
            throw new InvalidOperationException($"Supply category {bad.Code} needs both unit and unitZh.");
        return new SupplyCatalog(categories);
    }

    public IEnumerable<SupplyCategory> All => _categories.Values.OrderBy(c => c.Code, StringComparer.Ordinal);

    /// <summary>The category of a code; an unknown code is the caller's mistake (400).</summary>
    public SupplyCategory Get(string code) =>
        _categories.TryGetValue(code, out var category)
            ? category
            : throw new Common.InvalidRequestException(nameof(code), "invalid.supply-category", code);
}
