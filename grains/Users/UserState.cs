using System.Collections.Immutable;

namespace ThreeSocial.Grains.Users;

public sealed record UserState
{
    public string? PasswordHash { get; init; }
    public string? DisplayName { get; init; }
    public ImmutableArray<Role> Roles { get; init; } = [];
    public ImmutableArray<string> Jurisdiction { get; init; } = [];
    public int Stamp { get; init; }
    public bool Disabled { get; init; }
    public int FailedSignIns { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public string CreatedBy { get; init; } = "";

    /// <summary>The responder (city registry id) this account is the phone of: it acts as that responder and no other.</summary>
    public string? ResponderId { get; init; }
}
