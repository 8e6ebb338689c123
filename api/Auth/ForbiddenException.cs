namespace ThreeSocial.Api.Auth;

/// <summary>The signed-in user may not do this here; nothing was changed. Answered 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);
