using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Common;

/// <summary>
/// A refusal whose sentence is kept as facts, so that the API says it in the caller's language. The exception's
/// message is the same sentence in English, for logs and for callers that ask for English.
/// </summary>
public interface IExplained
{
    Phrase Said { get; }
}
