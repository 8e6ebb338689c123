namespace ThreeSocial.Api.Auth;

/// <summary>Bound from the Auth section.</summary>
public sealed class AuthOptions
{
    /// <summary>Base64 of at least 32 random bytes. When absent, a key made once and kept in the grain store is used.</summary>
    public string? SigningKey { get; set; }

    public string Issuer { get; set; } = "threesocial";

    public string Audience { get; set; } = "threesocial-api";

    /// <summary>One shift: operators sign in at its start.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Requests a user (or, before signing in, an address) may make per second, sustained.</summary>
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>Requests a user may make at once after a quiet spell.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Sign-in attempts per address per minute, whatever the names tried.</summary>
    public int SignInsPerMinute { get; set; } = 10;

    /// <summary>Create one demo user per role and jurisdiction at start (see DemoUsers); never on a real deployment.</summary>
    public bool DemoUsers { get; set; }

    public string DemoPassword { get; set; } = "threesocial-demo";
}
