namespace ThreeSocial.Api.Live;

/// <summary>The live map's settings (Live).</summary>
public sealed class LiveOptions
{
    /// <summary>How often coalesced changes go out: a burst of 10,000 updates in one interval is one message per group.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Events the broadcaster may hold unread before the oldest are dropped (and every map told to resync).</summary>
    public int Backlog { get; set; } = 200_000;

    /// <summary>How often open map connections are checked against their accounts (see <see cref="HubAccessWatch"/>).</summary>
    public TimeSpan AccessCheckInterval { get; set; } = TimeSpan.FromSeconds(30);
}
