using System.Collections.Frozen;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Grains.Users;

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
            Permission.SetDuty, Permission.RecordStock, Permission.RecordMeals, Permission.RecordTimeBank,
        }.ToFrozenSet(),
        [Role.StreetOffice] = new[]
        {
            Permission.ViewMap, Permission.ViewOperations, Permission.ViewPersonalData, Permission.SuperviseIncident, Permission.RecordStock,
            Permission.ManageStock, Permission.RecordMeals, Permission.AcknowledgeAlerts, Permission.ManageWebhooks,
            Permission.RecordTimeBank, Permission.ApproveHours,
        }.ToFrozenSet(),
        [Role.Admin] = new[] { Permission.ViewMap, Permission.ManageUsers, Permission.ReadAudit, Permission.ReadMetrics, Permission.ManageCalendar }.ToFrozenSet(),
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
