using System.Security.Cryptography;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Users;

public sealed class SigningKeyGrain([PersistentState("signing-key")] IPersistentState<SigningKeyState> state) : Grain, ISigningKeyGrain
{
    public const string Key = "access-tokens";

    public async Task<byte[]> GetOrCreate()
    {
        if (state.State.Key is null) await state.ReplaceStateAsync(new SigningKeyState { Key = RandomNumberGenerator.GetBytes(32) });
        return state.State.Key!;
    }
}
