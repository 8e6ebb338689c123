using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Incidents;

/// <summary>GB/T 35561's four classes of emergencies (突发事件).</summary>
[GenerateSerializer, Alias("ts.IncidentClass")]
public enum IncidentClass { NaturalDisaster, AccidentDisaster, PublicHealth, SocialSecurity }

/// <summary>Emergency (应急响应类) or service request (基础保障类 / 特色服务类): they run on different deadlines.</summary>
[GenerateSerializer, Alias("ts.ResponseKind")]
public enum ResponseKind { Emergency, Service }

/// <summary>People a playbook asks for: by skill, or by role when anyone in that role will do.</summary>
[GenerateSerializer, Immutable, Alias("ts.PeopleNeed")]
public sealed record PeopleNeed([Id(0)] string? Skill, [Id(1)] ResponderRole? Role, [Id(2)] int Count, [Id(3)] int? FollowUpHours = null)
{
    public string Label => Skill ?? Role?.ToString() ?? "anyone";

    public bool IsFollowUp => FollowUpHours is not null;
}

public sealed record SupplyNeed(string Category, int Quantity);

/// <summary>What an incident subtype needs. Kept as data (playbooks.json) so a new subtype is an edit, not a code change.</summary>
/// <param name="ExpectedHours">How long a responder is expected on scene: a volunteer's time bank credits up to this
/// without the street office's approval.</param>
public sealed record Playbook(string Subtype, string Zh, IncidentClass Class, ResponseKind Response,
    IReadOnlyList<PeopleNeed> People, IReadOnlyList<SupplyNeed> Supplies, double ExpectedHours = Playbook.DefaultExpectedHours)
{
    /// <summary>For a playbook that does not say: half a day's shift.</summary>
    public const double DefaultExpectedHours = 4;

    /// <summary>Longer than three days on scene is no single assignment: the file has a mistake.</summary>
    public const double MaxExpectedHours = 72;
}

/// <summary>The playbooks of every incident subtype (playbooks.json); a DI singleton.</summary>
public sealed class Playbooks
{
    private sealed record File(string About, IReadOnlyList<Entry> Playbooks);

    private sealed record Entry(string Subtype, string Zh, IncidentClass Class, string Response, IReadOnlyList<PeopleNeed> People, IReadOnlyList<SupplyNeed> Supplies,
        double? ExpectedHours = null);

    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly FrozenDictionary<string, Playbook> _bySubtype;

    private Playbooks(FrozenDictionary<string, Playbook> bySubtype) => _bySubtype = bySubtype;

    public IEnumerable<Playbook> All => _bySubtype.Values;

    /// <summary>The playbook of a subtype; an unknown subtype is bad input (400).</summary>
    public Playbook Get(string subtype) =>
        subtype is not null && _bySubtype.TryGetValue(subtype, out var playbook)
            ? playbook
            : throw new Common.InvalidRequestException(nameof(subtype), "invalid.subtype", Texts.Phrase.List(_bySubtype.Keys.Order().Select(Texts.Phrase.Plain)));

    /// <summary>The playbooks the service ships, read from the embedded playbooks.json and checked against the supply catalogue.</summary>
    public static Playbooks Load(SupplyCatalog supplies)
    {
        using var stream = typeof(Playbooks).Assembly.GetManifestResourceStream("playbooks.json")
            ?? throw new InvalidOperationException("playbooks.json is not embedded.");
        var file = JsonSerializer.Deserialize<File>(stream, FileOptions)!;
        var playbooks = file.Playbooks.Select(e => new Playbook(e.Subtype, e.Zh, e.Class,
            e.Response == "emergency" ? ResponseKind.Emergency : ResponseKind.Service, e.People, e.Supplies,
            e.ExpectedHours ?? Playbook.DefaultExpectedHours)).ToList();
        foreach (var p in playbooks)
        {
            foreach (var s in p.Supplies)
                if (!supplies.All.Any(c => c.Code == s.Category)) throw new InvalidOperationException($"Playbook {p.Subtype} needs an unknown supply category {s.Category}.");
            if (p.People.Any(n => n.Count < 1 || (n.Skill is null && n.Role is null)))
                throw new InvalidOperationException($"Playbook {p.Subtype} has a people need without skill, role or count.");
            if (!(p.ExpectedHours is > 0 and <= Playbook.MaxExpectedHours))
                throw new InvalidOperationException($"Playbook {p.Subtype} expects {p.ExpectedHours} h on scene; it is more than 0 and at most {Playbook.MaxExpectedHours} h.");
        }
        return new Playbooks(playbooks.ToFrozenDictionary(p => p.Subtype, StringComparer.Ordinal));
    }
}
