using System.Collections.Immutable;

namespace ThreeSocial.Grains.Users;

[GenerateSerializer, Immutable, Alias("ts.NewUser")]
public sealed record NewUser([Id(0)] string Name, [Id(1)] string Password, [Id(2)] ImmutableArray<Role> Roles, [Id(3)] ImmutableArray<string> Jurisdiction, [Id(4)] string? DisplayName = null, [Id(5)] string? ResponderId = null);

/// <summary>
/// What a token carries and a request is checked against. Stamp changes whenever roles, jurisdiction, password or
/// the disabled flag change, so a token issued before is refused from the next request on.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.UserAccess")]
public sealed record UserAccess([Id(0)] string Name, [Id(1)] ImmutableArray<Role> Roles, [Id(2)] ImmutableArray<string> Jurisdiction, [Id(3)] int Stamp, [Id(4)] string? ResponderId = null);

[GenerateSerializer, Immutable, Alias("ts.SignInResult")]
public sealed record SignInResult([Id(0)] UserAccess? Access, [Id(1)] DateTimeOffset? LockedUntil);

[GenerateSerializer, Immutable, Alias("ts.UserView")]
public sealed record UserView(
    [Id(0)] string Name, [Id(1)] string? DisplayName, [Id(2)] ImmutableArray<Role> Roles, [Id(3)] ImmutableArray<string> Jurisdiction, [Id(4)] bool Disabled,
    [Id(5)] DateTimeOffset? LockedUntil, [Id(6)] DateTimeOffset CreatedAt, [Id(7)] string CreatedBy, [Id(8)] string? ResponderId = null);

[GenerateSerializer, Immutable, Alias("ts.UserChange")]
public sealed record UserChange([Id(0)] ImmutableArray<Role>? Roles = null, [Id(1)] ImmutableArray<string>? Jurisdiction = null, [Id(2)] bool? Disabled = null, [Id(3)] string? Password = null);
