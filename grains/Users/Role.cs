using System.Text.Json.Serialization;

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
