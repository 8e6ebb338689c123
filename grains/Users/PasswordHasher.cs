using System.Security.Cryptography;
using System.Text;

namespace ThreeSocial.Grains.Users;

/// <summary>
/// PBKDF2-HMAC-SHA512 with a 16-byte random salt, stored as "pbkdf2-sha512$iterations$salt$hash" so the work factor
/// can rise later without invalidating stored passwords. 210,000 iterations is OWASP's figure for SHA-512.
/// </summary>
public static class PasswordHasher
{
    public const int DefaultIterations = 210_000;
    private const string Scheme = "pbkdf2-sha512";

    public static string Hash(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 32);
        return $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}";
    }

    public static bool Verify(string password, string stored)
    {
        var parts = stored.Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], out var iterations)) return false;
        var expected = Convert.FromBase64String(parts[3]);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), Convert.FromBase64String(parts[2]), iterations, HashAlgorithmName.SHA512, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Costs what a real check costs, so a sign-in for an unknown name takes as long as one with a wrong password.</summary>
    public static void WasteEqualTime(string password) => Verify(password, DummyHash.Value);

    private static readonly Lazy<string> DummyHash = new(() => Hash("not a password anyone has"));
}
