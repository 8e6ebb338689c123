using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A sentence stored as its facts: a catalogue key and its arguments, said in the reader's language when read. An
/// argument is a plain value (an id, a number, what someone typed: never translated) or another phrase, so that nested
/// words (a deadline's name, a supply category, a list) are said in the reader's language too.
/// </summary>
/// <param name="Key">A key of <see cref="Texts.All"/>; <see cref="PlainKey"/> for a value, <see cref="ListKey"/>/<see cref="StrongListKey"/> for a list, <see cref="SupplyKey"/> for a supply category's name.</param>
/// <param name="Value">The value of a plain argument, or the category code of a supply.</param>
[GenerateSerializer, Immutable, Alias("ts.Phrase")]
public sealed record Phrase([property: Id(0)] string Key, [property: Id(1)] ImmutableArray<Phrase> Args, [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value = null)
{
    public const string PlainKey = "";
    public const string ListKey = "list";
    public const string StrongListKey = "list;";
    public const string SupplyKey = "supply";

    private static readonly Lazy<SupplyCatalog> Supplies = new(SupplyCatalog.Load);

    /// <summary>A catalogue sentence; arguments that are not phrases are plain values (numbers in the invariant culture).</summary>
    public static Phrase Of(string key, params object[] args) =>
        Texts.All.ContainsKey(key)
            ? new(key, [.. args.Select(a => a as Phrase ?? Plain(a))])
            : throw new KeyNotFoundException($"No text '{key}'.");

    public static Phrase Plain(object value) => new(PlainKey, [], Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    public static Phrase List(IEnumerable<Phrase> items, bool strong = false) => new(strong ? StrongListKey : ListKey, [.. items]);

    public static Phrase Supply(string categoryCode) => new(SupplyKey, [], categoryCode);

    /// <summary>The sentence in the reader's language; in English it is the sentence the service always stored as the note.</summary>
    public string In(CultureInfo culture)
    {
        var args = Args.IsDefault ? [] : Args; // a phrase read from JSON without arguments
        return Key switch
        {
            PlainKey => Value ?? "",
            ListKey or StrongListKey => Texts.List(args.Select(a => a.In(culture)), culture, strong: Key == StrongListKey),
            SupplyKey => Supplies.Value.All.FirstOrDefault(c => c.Code == Value) is { } category
                ? (Texts.IsEnglish(culture) ? category.En : category.Zh)
                : Value ?? "",
            _ => Texts.Say(Key, culture, [.. args.Select(a => a.In(culture))]),
        };
    }

    /// <summary>Equal when the same sentence with the same facts (a record compares its array by reference).</summary>
    public bool Equals(Phrase? other) =>
        other is not null && Key == other.Key && Value == other.Value && (Args.IsDefault ? [] : Args).SequenceEqual(other.Args.IsDefault ? [] : other.Args);

    public override int GetHashCode() => HashCode.Combine(Key, Value, Args.IsDefault ? 0 : Args.Length);

    /// <summary>English, the words the stored note and alert detail keep for older readers and scripts.</summary>
    public override string ToString() => In(Texts.English);
}
