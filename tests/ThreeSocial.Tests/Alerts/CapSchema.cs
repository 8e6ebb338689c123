using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Xunit;

namespace ThreeSocial.Tests.Alerts;

/// <summary>Validates CAP messages against the OASIS CAP 1.2 schema, and the rules CAP states in prose that the schema cannot.</summary>
public static class CapSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        var set = new XmlSchemaSet();
        set.Add("urn:oasis:names:tc:emergency:cap:1.2", Path.Combine(AppContext.BaseDirectory, "Alerts", "CAP-v1.2.xsd"));
        set.Compile();
        return set;
    });

    public static void AssertValid(XDocument cap)
    {
        var errors = new List<string>();
        cap.Validate(Schemas.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + cap);

        XNamespace ns = "urn:oasis:names:tc:emergency:cap:1.2";
        var alert = cap.Root!;
        foreach (var field in new[] { "identifier", "sender" })
            Assert.DoesNotMatch("[ ,<&]", alert.Element(ns + field)!.Value); // CAP: no spaces, commas or restricted characters
        var infos = alert.Elements(ns + "info").ToList();
        Assert.Equal("zh-CN", infos[0].Element(ns + "language")!.Value);
        Assert.Contains(infos, i => i.Element(ns + "language")!.Value.StartsWith("en", StringComparison.Ordinal));
        // The Chinese block is Chinese from headline to instruction: no run of English words in any text a person reads.
        foreach (var text in new[] { "event", "senderName", "headline", "description", "instruction" })
        {
            var said = infos[0].Element(ns + text)!.Value;
            Assert.True(Support.EnglishSentences.In(said) is [], $"zh-CN <{text}> has English: {said}");
        }
        Assert.True(infos[1].Element(ns + "description")!.Value.Length > 0);
        foreach (var polygon in alert.Descendants(ns + "polygon"))
        {
            var pairs = polygon.Value.Split(' ');
            Assert.True(pairs.Length >= 4, "a CAP polygon has at least four pairs");
            Assert.Equal(pairs[0], pairs[^1]); // closed ring
            Assert.All(pairs, p => Assert.Matches(@"^\d{2}(\.\d+)?,\d{3}(\.\d+)?$", p)); // lat,lon in Chongqing's ranges
        }
        Assert.Contains(alert.Descendants(ns + "geocode"), g => g.Element(ns + "valueName")!.Value == "GB/T 2260");
    }
}
