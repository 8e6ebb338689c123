using Orleans.Runtime;

namespace ThreeSocial.Storage;

/// <summary>
/// A grain's identity as the stores key it: its type name and its string key, as two columns (or path segments), the
/// same for grains of the previous runtime and of Orleans (both lower-case the class name and drop "Grain").
/// </summary>
public readonly record struct GrainKey(string Type, string Key)
{
    public const int MaxKeyLength = 256;

    public static GrainKey Of(GrainId id) => new(id.Type.ToString()!, id.Key.ToString()!);

    public GrainId ToGrainId() => GrainId.Create(Type, Key);

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
