namespace ThreeSocial.Grains.Users;

public sealed record SigningKeyState
{
    public byte[]? Key { get; init; }
}
