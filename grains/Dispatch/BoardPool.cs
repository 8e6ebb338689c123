using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// The people a round may pick from: available, and not held for an earlier round's pick. Indexed by what they can
/// fill (each skill and their role), so a round looks only at those who hold the need, not at the whole board: in a
/// storm a board answers thousands of rounds, most of them for a skill few people have.
/// </summary>
public sealed class BoardPool
{
    private readonly Dictionary<string, ResponderAvailability> _free = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _byNeed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResponderAvailability> _onDuty = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _onDutyByNeed = new(StringComparer.Ordinal);

    public BoardPool() { }

    public BoardPool(IEnumerable<ResponderAvailability> responders)
    {
        foreach (var r in responders) Set(r);
    }

    /// <summary>An on-duty responder as last reported, free or not.</summary>
    public ResponderAvailability? Find(string id) => _onDuty.GetValueOrDefault(id);

    /// <summary>How many may be picked now.</summary>
    public int Count => _free.Count;

    /// <summary>A responder's latest state: on duty counts them, available and not held makes them free.</summary>
    public void Set(ResponderAvailability responder)
    {
        Take(responder.Id);
        if (_onDuty.Remove(responder.Id, out var was))
            foreach (var label in Labels(was)) _onDutyByNeed[label]--;
        if (responder.Duty == DutyState.OffDuty) return;
        _onDuty[responder.Id] = responder;
        foreach (var label in Labels(responder)) _onDutyByNeed[label] = _onDutyByNeed.GetValueOrDefault(label) + 1;
        if (responder.Duty != DutyState.Available) return;
        _free[responder.Id] = responder;
        foreach (var label in Labels(responder)) (_byNeed.TryGetValue(label, out var ids) ? ids : _byNeed[label] = new(StringComparer.Ordinal)).Add(responder.Id);
    }

    /// <summary>No longer free (picked and held), still on duty.</summary>
    public void Take(string id)
    {
        if (!_free.Remove(id, out var known)) return;
        foreach (var label in Labels(known)) _byNeed[label].Remove(id);
    }

    /// <summary>How many on duty have the skill or role, and how many of them are free.</summary>
    public (int Free, int OnDuty) Supply(string label) =>
        (_byNeed.TryGetValue(label, out var ids) ? ids.Count : 0, _onDutyByNeed.GetValueOrDefault(label));

    /// <summary>Everyone free who has the skill, or the role, the need asks for.</summary>
    public IEnumerable<ResponderAvailability> Holders(PeopleNeed need) =>
        _byNeed.TryGetValue(need.Label, out var ids) ? ids.Select(id => _free[id]) : [];

    private static IEnumerable<string> Labels(ResponderAvailability r) => r.Skills.Append(r.Role.ToString());
}
