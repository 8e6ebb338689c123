using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Common;

/// <summary>
/// The request was well formed but the current state does not allow it (not enough stock, an illegal transition).
/// Nothing was changed. The API answers 409 with the sentence.
/// </summary>
[GenerateSerializer, Alias("ts.DomainRuleException")]
public sealed class DomainRuleException(Phrase said) : Exception(said.ToString()), IExplained
{
    /// <summary>A catalogue sentence (grains/Texts) and its facts.</summary>
    public DomainRuleException(string textKey, params object[] facts) : this(Phrase.Of(textKey, facts)) { }

    [Id(0)] public Phrase Said { get; } = said;
}
