using System.Collections.Immutable;

namespace ThreeSocial.Grains.Users;

public sealed record NewUser(string Name, string Password, ImmutableArray<Role> Roles, ImmutableArray<string> Jurisdiction, string? DisplayName = null);

/// <summary>
/// What a token carries and a request is checked against. Stamp changes whenever roles, jurisdiction, password or
/// the disabled flag change, so a token issued before is refused from the next request on.
/// </summary>
public sealed record UserAccess(string Name, ImmutableArray<Role> Roles, ImmutableArray<string> Jurisdiction, int Stamp);

public sealed record SignInResult(UserAccess? Access, DateTimeOffset? LockedUntil);

public sealed record UserView(
    string Name, string? DisplayName, ImmutableArray<Role> Roles, ImmutableArray<string> Jurisdiction, bool Disabled,
    DateTimeOffset? LockedUntil, DateTimeOffset CreatedAt, string CreatedBy);

public sealed record UserChange(ImmutableArray<Role>? Roles = null, ImmutableArray<string>? Jurisdiction = null, bool? Disabled = null, string? Password = null);

/// <summary>Sign-in lockout, bound from Auth:SignIn.</summary>
public sealed class SignInPolicy
{
    public int MaxFailures { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;
}
