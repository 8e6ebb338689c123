namespace ThreeSocial.Grains.Geography;

/// <summary>A resident on a community's register (here: elderly living alone), with the personal data a call needs.</summary>
public sealed record Resident(string Name, string Phone, string Address);

/// <summary>
/// The demo city's residents: generated, never real, but shaped like real ones (common surnames, mainland mobile
/// numbers, building-unit-room addresses), so the personal-data rules (masking, never in logs) are tested on data
/// that looks like what they protect. Deterministic per community and index.
/// </summary>
public static class DemoResidents
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "罗", "谭", "冉"];
    private static readonly string[] GivenNames = ["秀英", "桂兰", "玉兰", "淑珍", "凤英", "德明", "国华", "建国", "志强", "永福", "素芬", "光明", "长福", "月华", "洪伟"];
    private static readonly string[] Roads = ["民族路", "解放西路", "中山二路", "嘉陵路", "长江路", "人民路", "建设路", "和平路"];
    private static readonly string[] MobilePrefixes = ["138", "139", "136", "137", "150", "151", "158", "187", "188", "135"];

    public static Resident For(Region community, int index)
    {
        var random = new Random(Common.StableHash.Of($"{community.Code}#{index}"));
        var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
        var phone = MobilePrefixes[random.Next(MobilePrefixes.Length)] + random.Next(10_000_000, 100_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var address = $"{community.Name}{Roads[random.Next(Roads.Length)]}{random.Next(1, 300)}号{random.Next(1, 6)}单元{random.Next(1, 30)}0{random.Next(1, 5)}";
        return new Resident(name, phone, address);
    }
}
