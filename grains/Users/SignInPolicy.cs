namespace ThreeSocial.Grains.Users;

/// <summary>Sign-in lockout, bound from Auth:SignIn.</summary>
public sealed class SignInPolicy
{
    public int MaxFailures { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    public int PasswordIterations { get; set; } = PasswordHasher.DefaultIterations;
}
