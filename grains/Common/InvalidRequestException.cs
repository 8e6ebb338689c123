namespace ThreeSocial.Grains.Common;

/// <summary>
/// The caller sent something that cannot be accepted (a missing field, a point outside the city, a reused idempotency
/// key). Nothing was changed. The API answers 400 naming the field; an <see cref="ArgumentException"/> from our own
/// code is a bug, not the caller's mistake.
/// </summary>
/// <remarks>
/// The message is the English detail; <see cref="TextKey"/> and <see cref="Facts"/>, when given, say it again from the
/// catalogue (grains/Texts) in the caller's language.
/// </remarks>
[GenerateSerializer, Alias("ts.InvalidRequestException")]
public sealed class InvalidRequestException(string message, string? field = null) : Exception(message)
{
    public InvalidRequestException(string message, string? field, string textKey, params object[] facts) : this(message, field)
    {
        TextKey = textKey;
        Facts = [.. facts.Select(f => Convert.ToString(f, System.Globalization.CultureInfo.InvariantCulture) ?? "")];
    }

    [Id(0)] public string? Field { get; } = field;

    /// <summary>The detail's sentence in the catalogue, when it has one.</summary>
    [Id(1)] public string? TextKey { get; private set; }

    [Id(2)] public string[]? Facts { get; private set; }
}
