namespace ThreeSocial.Grains.Users;

/// <summary>
/// The key access tokens are signed with when Auth:SigningKey is not configured: made once, kept in the grain store,
/// so tokens outlive a restart. Anyone who can read the store could sign tokens; set Auth:SigningKey where that matters.
/// </summary>
[Alias("ts.ISigningKeyGrain")]
public interface ISigningKeyGrain : IGrainWithStringKey
{
    Task<byte[]> GetOrCreate();
}
