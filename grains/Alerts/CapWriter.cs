using System.Globalization;
using System.Xml.Linq;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// CAP 1.2 (OASIS) XML for one message of an alert: Chinese first (zh-CN), English second, each block wholly in its language; times in +08:00 without
/// fractions; the area as the jurisdiction's outline (closed lat,lon rings) with its administrative code as a geocode.
/// </summary>
public static class CapWriter
{
    public static readonly XNamespace Cap = "urn:oasis:names:tc:emergency:cap:1.2";

    /// <summary>Most points of one polygon: CAP receivers are not GIS systems, and a street's outline stays recognisable.</summary>
    private const int MaxPolygonPoints = 200;

    public static XDocument Write(AlertView alert, CapMessageInfo message, RegionCatalog catalog, AlertRules rules)
    {
        var rule = rules.For(alert.Kind);
        var region = catalog.Find(alert.Street);
        var areaName = region?.Name ?? alert.Street;
        var root = new XElement(Cap + "alert",
            new XElement(Cap + "identifier", message.Identifier),
            new XElement(Cap + "sender", AlertGrain.Sender),
            new XElement(Cap + "sent", AlertGrain.CapTime(message.Sent)),
            new XElement(Cap + "status", "Actual"),
            new XElement(Cap + "msgType", message.MsgType.ToString()),
            new XElement(Cap + "scope", "Restricted"),
            new XElement(Cap + "restriction", $"Street office {alert.Street} and its district {alert.District}"),
            message.References is null ? null : new XElement(Cap + "references", message.References),
            Info("zh-CN", rule.Zh, rule, alert, message, areaName, region),
            Info("en-US", rule.En, rule, alert, message, areaName, region));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement Info(string language, AlertText text, AlertRule rule, AlertView alert, CapMessageInfo message, string areaName,
        Region? region) =>
        new(Cap + "info",
            new XElement(Cap + "language", language),
            new XElement(Cap + "category", rule.Category),
            new XElement(Cap + "event", text.Event),
            new XElement(Cap + "responseType", message.MsgType == CapMsgType.Cancel ? "AllClear" : "Execute"),
            new XElement(Cap + "urgency", rule.Urgency),
            new XElement(Cap + "severity", rule.Severity),
            new XElement(Cap + "certainty", rule.Certainty),
            alert.EventClass is null ? null : new XElement(Cap + "eventCode", new XElement(Cap + "valueName", "GB/T 35561"), new XElement(Cap + "value", alert.EventClass)),
            new XElement(Cap + "senderName", language == "zh-CN" ? "三社联动应急协同平台" : "ThreeSocial coordination service"),
            new XElement(Cap + "headline", text.Headline.Replace("{subject}", alert.Subject, StringComparison.Ordinal)),
            new XElement(Cap + "description", Texts.AlertTexts.Detail(message, language == "zh-CN" ? Texts.Texts.Chinese : Texts.Texts.English)),
            new XElement(Cap + "instruction", text.Instruction),
            new XElement(Cap + "parameter", new XElement(Cap + "valueName", "alertId"), new XElement(Cap + "value", alert.Id)),
            new XElement(Cap + "area",
                new XElement(Cap + "areaDesc", areaName),
                region is null ? null : Polygons(region.Area).Select(p => new XElement(Cap + "polygon", p)),
                new XElement(Cap + "geocode", new XElement(Cap + "valueName", "GB/T 2260"), new XElement(Cap + "value", alert.District)),
                new XElement(Cap + "geocode", new XElement(Cap + "valueName", "region"), new XElement(Cap + "value", alert.Street))));

    /// <summary>The message as UTF-8 bytes, declaration included: what a webhook receives and what its signature covers.</summary>
    public static byte[] Bytes(XDocument cap)
    {
        using var stream = new MemoryStream();
        using (var writer = System.Xml.XmlWriter.Create(stream, new System.Xml.XmlWriterSettings { Encoding = new System.Text.UTF8Encoding(false) })) cap.Save(writer);
        return stream.ToArray();
    }

    /// <summary>Each outer ring as CAP's "lat,lon lat,lon …", closed, simplified to at most <see cref="MaxPolygonPoints"/> points.</summary>
    public static IEnumerable<string> Polygons(Geometry area)
    {
        for (var i = 0; i < area.NumGeometries; i++)
        {
            if (area.GetGeometryN(i) is not Polygon polygon) continue;
            Geometry ring = polygon.ExteriorRing;
            for (var tolerance = 0.0005; ring.NumPoints > MaxPolygonPoints; tolerance *= 2) ring = DouglasPeuckerSimplifier.Simplify(polygon.ExteriorRing, tolerance);
            var points = ring.Coordinates;
            if (points.Length < 4) continue;
            yield return string.Join(' ', points.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Y:0.#####},{c.X:0.#####}")));
        }
    }
}
