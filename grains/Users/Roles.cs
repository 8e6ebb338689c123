using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Users;

[JsonConverter(typeof(JsonStringEnumConverter<Role>))]
[GenerateSerializer, Alias("ts.Role")]
public enum Role
{
    /// <summary>Command centre: reads and dispatches across the city or one district.</summary>
    [JsonStringEnumMemberName("operator")] Operator,
    /// <summary>Reports and updates within their own community or grid.</summary>
    [JsonStringEnumMemberName("grid-worker")] GridWorker,
    /// <summary>A street office: reads its street, acknowledges its alerts, manages its webhooks.</summary>
    [JsonStringEnumMemberName("street-office")] StreetOffice,
    /// <summary>Users, configuration and the audit log; no operational data.</summary>
    [JsonStringEnumMemberName("admin")] Admin,
}

/// <summary>What an endpoint or hub group asks of its caller; roles grant permissions (see <see cref="RolePermissions"/>).</summary>
public enum Permission
{
    /// <summary>Outlines and profiles of the administrative areas, playbooks: the base map every signed-in user needs.</summary>
    ViewMap,
    /// <summary>Live status, incidents, stockpiles, responders, communities, alerts and the live stream.</summary>
    ViewOperations,
    /// <summary>Residents' names, phone numbers and exact addresses; without it they are masked.</summary>
    ViewPersonalData,
    ReportIncident,
    /// <summary>Accept, refuse, on the way, on scene, resolve: what happens on the ground.</summary>
    UpdateIncident,
    /// <summary>Report up (acknowledge), close and cancel incidents.</summary>
    SuperviseIncident,
    SetDuty,
    /// <summary>Receipts and issues: what a community's store records day to day.</summary>
    RecordStock,
    /// <summary>Adjustments, stocktakes, write-offs, minimum levels and transfers.</summary>
    ManageStock,
    RecordMeals,
    AcknowledgeAlerts,
    ManageWebhooks,
    ManageUsers,
    ReadAudit,
    ReadMetrics,
}

/// <summary>A role's name as tokens, requests and people write it: the enum's own JSON name, so there is one spelling.</summary>
public static class RoleNames
{
    private static readonly FrozenDictionary<Role, string> Names = Enum.GetValues<Role>().ToFrozenDictionary(r => r,
        r => typeof(Role).GetField(r.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    public static string Of(Role role) => Names[role];

    public static Role? Parse(string name) => Names.Where(n => n.Value == name).Select(n => (Role?)n.Key).FirstOrDefault();
}

public static class RolePermissions
{
    private static readonly FrozenDictionary<Role, FrozenSet<Permission>> Granted = new Dictionary<Role, FrozenSet<Permission>>
    {
        [Role.Operator] = new[]
        {
            Permission.ViewMap, Permission.ViewOperations, Permission.ReportIncident, Permission.UpdateIncident, Permission.SuperviseIncident,
            Permission.SetDuty, Permission.RecordStock, Permission.ManageStock, Permission.AcknowledgeAlerts, Permission.ManageWebhooks,
        }.ToFrozenSet(),
        [Role.GridWorker] = new[]
        {
            Permission.ViewMap, Permission.ViewOperations, Permission.ViewPersonalData, Permission.ReportIncident, Permission.UpdateIncident,
            Permission.SetDuty, Permission.RecordStock, Permission.RecordMeals,
        }.ToFrozenSet(),
        [Role.StreetOffice] = new[]
        {
            Permission.ViewMap, Permission.ViewOperations, Permission.ViewPersonalData, Permission.SuperviseIncident, Permission.RecordStock,
            Permission.ManageStock, Permission.RecordMeals, Permission.AcknowledgeAlerts, Permission.ManageWebhooks,
        }.ToFrozenSet(),
        [Role.Admin] = new[] { Permission.ViewMap, Permission.ManageUsers, Permission.ReadAudit, Permission.ReadMetrics }.ToFrozenSet(),
    }.ToFrozenDictionary();

    public static bool Grants(IEnumerable<Role> roles, Permission permission) => roles.Any(r => Granted[r].Contains(permission));

    /// <summary>The levels a role's jurisdiction may be: an operator watches a district or the city, a grid worker a community or grid.</summary>
    public static bool FitsJurisdiction(Role role, RegionLevel level) => role switch
    {
        Role.Operator => level is RegionLevel.City or RegionLevel.District,
        Role.GridWorker => level is RegionLevel.Community or RegionLevel.Grid,
        Role.StreetOffice => level is RegionLevel.Street,
        Role.Admin => level is RegionLevel.City,
        _ => false,
    };
}

/// <summary>Region codes nest by prefix (district 6 digits, street 9, community 12, grid 15); the city 500000 holds them all.</summary>
public static class Jurisdiction
{
    public static bool Covers(string jurisdiction, string code) =>
        jurisdiction == ChongqingDistricts.CityCode || (code.StartsWith(jurisdiction, StringComparison.Ordinal) && code != ChongqingDistricts.CityCode);

    public static bool Covers(IEnumerable<string> jurisdiction, string code) => jurisdiction.Any(j => Covers(j, code));
}
