using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.OverlayNG;
using NetTopologySuite.Triangulate;

namespace ThreeSocial.Grains.Geography;

/// <summary>
/// Splits a polygon into children that cover it exactly: Voronoi cells of points scattered inside it, each clipped
/// to it. Clipping snap-rounds to the factory's fixed precision, so neighbouring cells share identical edges and
/// the children meet without gaps or overlaps.
/// </summary>
public static class Tessellator
{
    /// <param name="concentration">0 scatters sites evenly; towards 1 they crowd the parent's centre (a town's core).</param>
    public static IReadOnlyList<Geometry> Split(Geometry parent, int count, Random random, double concentration)
    {
        if (count <= 1) return [parent];
        var sites = ScatterInside(parent, count, random, concentration);
        var builder = new VoronoiDiagramBuilder();
        builder.SetSites(sites);
        var envelope = parent.EnvelopeInternal.Copy();
        envelope.ExpandBy(Math.Max(envelope.Width, envelope.Height));
        builder.ClipEnvelope = envelope;
        var cells = builder.GetDiagram(GeoJson.Factory);

        var children = new List<Geometry>(cells.NumGeometries);
        for (var i = 0; i < cells.NumGeometries; i++)
        {
            var clipped = Polygonal(OverlayNG.Overlay(cells.GetGeometryN(i), parent, OverlayNG.INTERSECTION, GeoJson.Factory.PrecisionModel));
            if (clipped is not null) children.Add(clipped);
        }
        // Order children by their site from north-west to south-east, so codes read across the map.
        return [.. children.OrderByDescending(c => Math.Round(c.InteriorPoint.Y, 2)).ThenBy(c => c.InteriorPoint.X)];
    }

    private static Coordinate[] ScatterInside(Geometry parent, int count, Random random, double concentration)
    {
        var locator = new IndexedPointInAreaLocator(parent);
        var envelope = parent.EnvelopeInternal;
        var centre = parent.InteriorPoint.Coordinate;
        var spread = Math.Max(envelope.Width, envelope.Height) * (1 - 0.85 * concentration) / 2;
        var sites = new HashSet<Coordinate>();
        var attempts = 0;
        while (sites.Count < count)
        {
            if (++attempts > count * 10_000) throw new InvalidOperationException($"Could not place {count} sites inside a parent of area {parent.Area}.");
            var c = concentration > 0 && random.NextDouble() < concentration
                ? new Coordinate(centre.X + Gaussian(random) * spread, centre.Y + Gaussian(random) * spread)
                : new Coordinate(envelope.MinX + random.NextDouble() * envelope.Width, envelope.MinY + random.NextDouble() * envelope.Height);
            GeoJson.Factory.PrecisionModel.MakePrecise(c);
            if (locator.Locate(c) == Location.Interior) sites.Add(c);
        }
        return [.. sites];
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    /// <summary>Keeps the areal part of an overlay result (clipping can leave stray points or lines on the boundary).</summary>
    private static Geometry? Polygonal(Geometry result)
    {
        var polygons = Enumerable.Range(0, result.NumGeometries).Select(result.GetGeometryN).OfType<Polygon>().Where(p => !p.IsEmpty).ToArray();
        return polygons.Length switch
        {
            0 => null,
            1 => polygons[0],
            _ => GeoJson.Factory.CreateMultiPolygon(polygons),
        };
    }
}
