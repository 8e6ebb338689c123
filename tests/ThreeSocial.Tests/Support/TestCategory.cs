namespace ThreeSocial.Tests.Support;

/// <summary>
/// Every test class carries one (xunit trait "Category"): the README's fast command runs Unit, Grain and Api;
/// the full one (and CI) runs them all.
/// </summary>
public static class TestCategory
{
    /// <summary>Plain classes, no silo.</summary>
    public const string Unit = "Unit";

    /// <summary>Grains on a real silo and SQLite file.</summary>
    public const string Grain = "Grain";

    /// <summary>The HTTP API and the hub, over real HTTP.</summary>
    public const string Api = "Api";

    /// <summary>The dashboard in Chromium.</summary>
    public const string Browser = "Browser";

    /// <summary>Storage providers, on SQLite, PostgreSQL and Azurite.</summary>
    public const string Storage = "Storage";

    /// <summary>Several silos: in one process, or real processes behind the front door.</summary>
    public const string Cluster = "Cluster";

    /// <summary>Whole scenarios of the simulator on a real silo (minutes each).</summary>
    public const string Scenario = "Scenario";

    /// <summary>Processes killed with SIGKILL.</summary>
    public const string Crash = "Crash";
}
