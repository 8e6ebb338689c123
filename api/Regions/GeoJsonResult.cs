using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Api.Regions;

/// <summary>
/// Writes GeoJSON straight into the response pipe: no intermediate string, and no synchronous I/O
/// (a Utf8JsonWriter over the pipe only fills buffers; the pipe is flushed asynchronously once).
/// </summary>
public sealed class GeoJsonResult(Action<Utf8JsonWriter> write) : IResult
{
    public const string ContentType = "application/geo+json";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(httpContext.Response.BodyWriter, RegionGeoJson.WriterOptions)) write(writer);
        await httpContext.Response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }
}
