using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace ThreeSocial.Grains.Users;

/// <summary>A role's name as tokens, requests and people write it: the enum's own JSON name, so there is one spelling.</summary>
public static class RoleNames
{
    private static readonly FrozenDictionary<Role, string> Names = Enum.GetValues<Role>().ToFrozenDictionary(r => r,
        r => typeof(Role).GetField(r.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    public static string Of(Role role) => Names[role];

    public static Role? Parse(string name) => Names.Where(n => n.Value == name).Select(n => (Role?)n.Key).FirstOrDefault();
}
