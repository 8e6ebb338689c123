namespace ThreeSocial.Grains.Users;

/// <summary>A user account (key: the user name): roles, jurisdiction, hashed password, sign-in lockout.</summary>
[Alias("ts.IUserGrain")]
public interface IUserGrain : IGrainWithStringKey
{
    Task<UserView> Create(NewUser user, string by);

    /// <summary>Checks the password; repeated failures lock the account for a while (a locked account refuses even the right one).</summary>
    Task<SignInResult> SignIn(string password);

    /// <summary>The account's current access, or null if there is no such account or it is disabled.</summary>
    [ReadOnly] Task<UserAccess?> GetAccess();

    [ReadOnly] Task<UserView?> Get();

    Task<UserView> Change(UserChange change, string by);
}
