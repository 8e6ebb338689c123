namespace ThreeSocial.Api;

/// <summary>
/// Chinese stays readable (no \uXXXX), but &lt; &gt; &amp; and quotes in what people typed are escaped, so JSON pasted
/// into a page by mistake cannot run as script.
/// </summary>
public static class SafeJson
{
    public static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder =
        System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
}
