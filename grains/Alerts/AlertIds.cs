namespace ThreeSocial.Grains.Alerts;

public static class AlertIds
{
    public const string Prefix = "ALT-";

    /// <summary>"ALT-{jurisdiction}-{12 hex}": the same condition about the same subject is always the same alert.</summary>
    public static string For(string jurisdiction, string kind, string subject) =>
        $"{Prefix}{jurisdiction}-{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{kind}\n{subject}")))[..12]}";

    /// <summary>The street or district whose inbox the alert is in; null for what is not an alert id.</summary>
    public static string? JurisdictionOf(string id) =>
        IsWellFormed(id) && id.IndexOf('-', Prefix.Length) is > 0 and var end ? id[Prefix.Length..end] : null;

    public static bool IsWellFormed(string id) =>
        id.StartsWith(Prefix, StringComparison.Ordinal) && id.Length is > 20 and < 40 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
