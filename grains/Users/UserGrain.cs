using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Texts;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Users;

public sealed partial class UserGrain(
    [PersistentState("user")] IPersistentState<UserState> state, RegionCatalog catalog, IOptions<SignInPolicy> signIn, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock)
    : Grain, IUserGrain
{
    public const int MinPasswordLength = 12;

    private readonly SignInPolicy _policy = signIn.Value;

    private bool Exists => state.State.PasswordHash is not null;

    public async Task<UserView> Create(NewUser user, string by)
    {
        CheckName(this.GetPrimaryKeyString());
        if (Exists) throw new DomainRuleException("rule.user-exists", this.GetPrimaryKeyString());
        CheckPassword(user.Password);
        CheckAccess(user.Roles, user.Jurisdiction);
        Require.OptionalText(user.DisplayName, "displayName", 100);
        ResponderLink.Check(user.ResponderId, user.Roles, user.Jurisdiction, catalog);
        await GrainFactory.GetGrain<IUserDirectoryGrain>(UserDirectoryGrain.Key).Add(this.GetPrimaryKeyString());
        await state.ReplaceStateAsync(new UserState
        {
            PasswordHash = PasswordHasher.Hash(user.Password, _policy.PasswordIterations), DisplayName = user.DisplayName,
            Roles = [.. user.Roles.Distinct()], Jurisdiction = [.. user.Jurisdiction.Distinct()], Stamp = 1,
            CreatedAt = clock.GetUtcNow(), CreatedBy = by, ResponderId = user.ResponderId,
        });
        return View();
    }

    public async Task<SignInResult> SignIn(string password)
    {
        if (!Exists || state.State.Disabled)
        {
            PasswordHasher.WasteEqualTime(password ?? "");
            return new SignInResult(null, null);
        }
        var now = clock.GetUtcNow();
        if (state.State.LockedUntil > now) return new SignInResult(null, state.State.LockedUntil);
        if (PasswordHasher.Verify(password ?? "", state.State.PasswordHash!))
        {
            if (state.State.FailedSignIns > 0 || state.State.LockedUntil is not null)
                await state.ReplaceStateAsync(state.State with { FailedSignIns = 0, LockedUntil = null });
            return new SignInResult(Access(), null);
        }
        var failures = state.State.FailedSignIns + 1;
        var locked = failures >= _policy.MaxFailures;
        await state.ReplaceStateAsync(state.State with
        {
            FailedSignIns = locked ? 0 : failures,
            LockedUntil = locked ? now + _policy.LockoutDuration : state.State.LockedUntil,
        });
        return new SignInResult(null, locked ? now + _policy.LockoutDuration : null);
    }

    public Task<UserAccess?> GetAccess() => Task.FromResult(Exists && !state.State.Disabled ? Access() : null);

    public Task<UserView?> Get() => Task.FromResult(Exists ? View() : null);

    public async Task<UserView> Change(UserChange change, string by)
    {
        if (!Exists) throw new NotFoundException("missing.user", this.GetPrimaryKeyString());
        if (change is { Roles: null, Jurisdiction: null, Disabled: null, Password: null })
            throw new InvalidRequestException(nameof(change), "invalid.user-change-empty");
        var roles = change.Roles ?? state.State.Roles;
        var jurisdiction = change.Jurisdiction ?? state.State.Jurisdiction;
        CheckAccess(roles, jurisdiction);
        ResponderLink.Check(state.State.ResponderId, roles, jurisdiction, catalog); // a new jurisdiction still holds the linked responder
        if (change.Password is not null) CheckPassword(change.Password);
        await state.ReplaceStateAsync(state.State with
        {
            Roles = [.. roles.Distinct()], Jurisdiction = [.. jurisdiction.Distinct()],
            Disabled = change.Disabled ?? state.State.Disabled,
            PasswordHash = change.Password is null ? state.State.PasswordHash : PasswordHasher.Hash(change.Password, _policy.PasswordIterations),
            // A new password by an administrator also lifts a lockout.
            FailedSignIns = change.Password is null ? state.State.FailedSignIns : 0,
            LockedUntil = change.Password is null ? state.State.LockedUntil : null,
            Stamp = state.State.Stamp + 1,
        });
        return View();
    }

    private UserAccess Access() => new(this.GetPrimaryKeyString(), state.State.Roles, state.State.Jurisdiction, state.State.Stamp, state.State.ResponderId);

    private UserView View() => new(this.GetPrimaryKeyString(), state.State.DisplayName, state.State.Roles, state.State.Jurisdiction,
        state.State.Disabled, state.State.LockedUntil > clock.GetUtcNow() ? state.State.LockedUntil : null, state.State.CreatedAt, state.State.CreatedBy, state.State.ResponderId);

    public static void CheckName(string name)
    {
        if (!NamePattern().IsMatch(name ?? ""))
            throw new InvalidRequestException(nameof(name), "invalid.user-name");
    }

    private static void CheckPassword(string password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > 200)
            throw new InvalidRequestException(nameof(password), "invalid.password", MinPasswordLength);
    }

    private void CheckAccess(ImmutableArray<Role> roles, ImmutableArray<string> jurisdiction)
    {
        if (roles.IsDefaultOrEmpty) throw new InvalidRequestException(nameof(roles), "invalid.roles-empty");
        if (jurisdiction.IsDefaultOrEmpty || jurisdiction.Length > 20) throw new InvalidRequestException(nameof(jurisdiction), "invalid.jurisdiction-count");
        foreach (var code in jurisdiction)
        {
            var level = code == ChongqingDistricts.CityCode ? RegionLevel.City : catalog.Find(code ?? "")?.Level
                ?? throw new InvalidRequestException(nameof(jurisdiction), "invalid.not-a-region", $"'{Truncated(code)}'");
            foreach (var role in roles)
                if (!RolePermissions.FitsJurisdiction(role, level))
                    throw new InvalidRequestException(nameof(jurisdiction), "invalid.role-level", role, Phrase.Of("level." + level.ToString().ToLowerInvariant()), code ?? "");
        }
    }

    private static string Truncated(string? code) => code is null ? "" : code.Length <= 20 ? code : code[..20] + "…";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$")]
    private static partial Regex NamePattern();
}
