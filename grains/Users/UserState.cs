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
}
