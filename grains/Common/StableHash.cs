namespace ThreeSocial.Grains.Common;

/// <summary>FNV-1a: string.GetHashCode differs between processes, and generated data must not.</summary>
public static class StableHash
{
    public static int Of(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }
}
