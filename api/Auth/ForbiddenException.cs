using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Api.Auth;

/// <summary>The signed-in user may not do this here; nothing was changed. Answered 403.</summary>
public sealed class ForbiddenException(string textKey, params object[] facts) : Exception(Phrase.Of(textKey, facts).ToString()), IExplained
{
    public Phrase Said { get; } = Phrase.Of(textKey, facts);
}
