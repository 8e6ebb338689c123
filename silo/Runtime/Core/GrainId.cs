namespace ThreeSocial.Runtime;

/// <summary>Identity of a virtual actor: its grain type name and its string key.</summary>
public readonly record struct GrainId(string Type, string Key)
{
    public const int MaxKeyLength = 256;

    public override string ToString() => $"{Type}/{Key}";

    internal static void ValidateKey(string? key)
    {
        if (string.IsNullOrWhiteSpace(key))
            throw new ArgumentException("A grain key must not be empty.", nameof(key));
        if (key.Length > MaxKeyLength)
            throw new ArgumentException($"A grain key must be at most {MaxKeyLength} characters; got {key.Length}.", nameof(key));
        foreach (var c in key)
            if (char.IsControl(c))
                throw new ArgumentException("A grain key must not contain control characters.", nameof(key));
    }
}
