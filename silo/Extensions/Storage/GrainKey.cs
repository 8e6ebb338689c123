using Orleans.Runtime;

namespace ThreeSocial.Storage;

/// <summary>
/// A grain's identity as the stores key it: its type name and its string key, as two columns (or path segments), the
/// same for grains of the previous runtime and of Orleans (both lower-case the class name and drop "Grain").
/// </summary>
public readonly record struct GrainKey(string Type, string Key)
{
    public static GrainKey Of(GrainId id) => new(id.Type.ToString()!, id.Key.ToString()!);

    public GrainId ToGrainId() => GrainId.Create(Type, Key);

    public override string ToString() => $"{Type}/{Key}";
}
