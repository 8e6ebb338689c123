using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Common;

/// <summary>
/// The caller sent something that cannot be accepted (a missing field, a point outside the city, a reused idempotency
/// key). Nothing was changed. The API answers 400 naming the field; an <see cref="ArgumentException"/> from our own
/// code is a bug, not the caller's mistake.
/// </summary>
[GenerateSerializer, Alias("ts.InvalidRequestException")]
public sealed class InvalidRequestException(Phrase said, string? field = null) : Exception(said.ToString()), IExplained
{
    /// <summary>A catalogue sentence (grains/Texts) and its facts.</summary>
    public InvalidRequestException(string field, string textKey, params object[] facts) : this(Phrase.Of(textKey, facts), field) { }

    [Id(0)] public string? Field { get; } = field;

    [Id(1)] public Phrase Said { get; } = said;
}
