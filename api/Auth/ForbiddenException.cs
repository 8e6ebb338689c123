using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Api.Auth;

/// <summary>The signed-in user may not do this here; nothing was changed. Answered 403.</summary>
public sealed class ForbiddenException(Phrase said) : Exception(said.ToString()), IExplained
{
    /// <summary>A catalogue sentence (grains/Texts) and its facts.</summary>
    public ForbiddenException(string textKey, params object[] facts) : this(Phrase.Of(textKey, facts)) { }

    public Phrase Said { get; } = said;
}
