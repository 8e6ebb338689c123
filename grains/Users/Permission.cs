namespace ThreeSocial.Grains.Users;

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
    /// <summary>A volunteer's hours exchanged for services or goods (时间银行), recorded by their community.</summary>
    RecordTimeBank,
    /// <summary>A volunteer's hours on scene above the playbook's expected duration: the street office's call.</summary>
    ApproveHours,
    AcknowledgeAlerts,
    ManageWebhooks,
    ManageUsers,
    ReadAudit,
    ReadMetrics,
    /// <summary>The holiday table the working days of service requests' deadlines follow.</summary>
    ManageCalendar,
}
