namespace ThreeSocial.Grains.Common;

/// <summary>
/// The request was well formed but the current state does not allow it (not enough stock, an illegal transition).
/// Nothing was changed. The API answers 409 with the message.
/// </summary>
[GenerateSerializer, Alias("ts.DomainRuleException")]
public sealed class DomainRuleException(string message) : Exception(message);
