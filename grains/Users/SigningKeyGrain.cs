using System.Security.Cryptography;
using ThreeSocial.Storage;

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

public sealed record SigningKeyState
{
    public byte[]? Key { get; init; }
}

public sealed class SigningKeyGrain([PersistentState("signing-key")] IPersistentState<SigningKeyState> state) : Grain, ISigningKeyGrain
{
    public const string Key = "access-tokens";

    public async Task<byte[]> GetOrCreate()
    {
        if (state.State.Key is null) await state.ReplaceStateAsync(new SigningKeyState { Key = RandomNumberGenerator.GetBytes(32) });
        return state.State.Key!;
    }
}
