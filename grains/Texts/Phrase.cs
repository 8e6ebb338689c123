using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Texts;

/// <summary>
/// A sentence stored as its facts: a catalogue key and its arguments, said in the reader's language when read. An
/// argument is a plain value (an id, a number, what someone typed: never translated) or another phrase, so that nested
/// words (a deadline's name, a supply category, a list) are said in the reader's language too.
/// </summary>
/// <param name="Key">A key of <see cref="Texts.All"/>; <see cref="PlainKey"/> for a value, <see cref="ListKey"/>/<see cref="StrongListKey"/> for a list, <see cref="SupplyKey"/> for a supply category's name,
/// <see cref="UnitKey"/> for its unit, <see cref="NeedKey"/> for a need (a skill or a role), <see cref="SubtypeKey"/> for an incident subtype.</param>
/// <param name="Value">The value of a plain argument, or the code a supply, unit, need or subtype is said from.</param>
[GenerateSerializer, Immutable, Alias("ts.Phrase")]
public sealed record Phrase([property: Id(0)] string Key, [property: Id(1)] ImmutableArray<Phrase> Args, [property: Id(2), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value = null)
{
    public const string PlainKey = "";
    public const string ListKey = "list";
    public const string StrongListKey = "list;";
    public const string SupplyKey = "supply";
    public const string UnitKey = "unit";
    public const string NeedKey = "need";
    public const string SubtypeKey = "subtype";

    private static readonly Lazy<SupplyCatalog> Supplies = new(SupplyCatalog.Load);
    private static readonly Lazy<Playbooks> Books = new(() => Playbooks.Load(Supplies.Value));

    /// <summary>A catalogue sentence; arguments that are not phrases are plain values (numbers in the invariant culture).</summary>
    public static Phrase Of(string key, params object[] args) =>
        Texts.All.ContainsKey(key)
            ? new(key, [.. args.Select(a => a as Phrase ?? Plain(a))])
            : throw new KeyNotFoundException($"No text '{key}'.");

    public static Phrase Plain(object value) => new(PlainKey, [], Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");

    public static Phrase List(IEnumerable<Phrase> items, bool strong = false) => new(strong ? StrongListKey : ListKey, [.. items]);

    public static Phrase Supply(string categoryCode) => new(SupplyKey, [], categoryCode);

    /// <summary>A supply category's unit ("bottle", 瓶).</summary>
    public static Phrase Unit(string categoryCode) => new(UnitKey, [], categoryCode);

    /// <summary>A need, a skill or a role, as the catalogue's <c>need.{code}</c> says it; English keeps the code itself.</summary>
    public static Phrase Need(string code) => new(NeedKey, [], code);

    /// <summary>An incident subtype: its playbook's Chinese name; English keeps the code itself.</summary>
    public static Phrase Subtype(string code) => new(SubtypeKey, [], code);

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
            UnitKey => Supplies.Value.All.FirstOrDefault(c => c.Code == Value) is { } category
                ? (Texts.IsEnglish(culture) ? category.Unit : category.UnitZh)
                : Value ?? "",
            // A code the catalogue does not know (a new skill) is said as itself, in either language.
            NeedKey => Texts.All.ContainsKey($"need.{Value}") ? Texts.Say($"need.{Value}", culture) : Value ?? "",
            SubtypeKey => !Texts.IsEnglish(culture) && Books.Value.All.FirstOrDefault(p => p.Subtype == Value) is { } playbook ? playbook.Zh : Value ?? "",
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
