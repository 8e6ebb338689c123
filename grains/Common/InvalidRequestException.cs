namespace ThreeSocial.Grains.Common;

/// <summary>
/// The caller sent something that cannot be accepted (a missing field, a point outside the city, a reused idempotency
/// key). Nothing was changed. The API answers 400 naming the field; an <see cref="ArgumentException"/> from our own
/// code is a bug, not the caller's mistake.
/// </summary>
[GenerateSerializer, Alias("ts.InvalidRequestException")]
public sealed class InvalidRequestException(string message, string? field = null) : Exception(message)
{
    [Id(0)] public string? Field { get; } = field;
}
