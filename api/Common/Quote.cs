namespace ThreeSocial.Api.Common;

/// <summary>Echoes what a client sent inside an error message: quoted and cut short, so a huge value stays out of replies and logs.</summary>
public static class Quote
{
    public static string Of(string value, int max = 40) => $"'{(value.Length > max ? value[..max] + "…" : value)}'";
}
