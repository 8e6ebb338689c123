using System.Text.Json;

namespace ThreeSocial.Storage;

/// <summary>How grain state becomes bytes in every store (rows written by the previous runtime read the same).</summary>
public static class GrainStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
