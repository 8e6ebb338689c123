using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Common;

/// <summary>
/// The request names something that does not exist (a region code, responder or community not in the registry).
/// The API answers 404. A KeyNotFoundException, by contrast, is a bug and stays a 500.
/// </summary>
[GenerateSerializer, Alias("ts.NotFoundException")]
public sealed class NotFoundException(Phrase said) : Exception(said.ToString()), IExplained
{
    /// <summary>A catalogue sentence (grains/Texts) and its facts.</summary>
    public NotFoundException(string textKey, params object[] facts) : this(Phrase.Of(textKey, facts)) { }

    [Id(0)] public Phrase Said { get; } = said;
}
