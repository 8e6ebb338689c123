namespace ThreeSocial.Grains.Common;

/// <summary>How residents' personal data looks to those who may not see it: enough to tell two apart, not to find them.</summary>
public static class PersonalDataMask
{
    /// <summary>王秀英 → 王**; Wang Xiuying → W*****.</summary>
    public static string Name(string name) => name.Length == 0 ? "" : name[..1] + new string('*', Math.Max(1, Math.Min(name.Length - 1, 5)));

    /// <summary>13812345678 → 138****5678: the carrier prefix and last four, as Chinese services print them.</summary>
    public static string Phone(string phone)
    {
        var digits = new string(phone.Where(char.IsAsciiDigit).ToArray());
        return digits.Length < 8 ? new string('*', digits.Length) : digits[..3] + "****" + digits[^4..];
    }

    /// <summary>Exact addresses are withheld entirely; the incident's grid and community still place it.</summary>
    public static string? Address(string? address) => address is null ? null : "(withheld)";
}
