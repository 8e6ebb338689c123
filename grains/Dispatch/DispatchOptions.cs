namespace ThreeSocial.Grains.Dispatch;

/// <summary>How a round assigns people: ours, or the nearest-available-unit rule dispatch systems use today (the simulation's baseline).</summary>
public enum DispatchStrategy { Joint, NearestFirst }

/// <summary>Bound from "Dispatch".</summary>
public sealed class DispatchOptions
{
    public DispatchStrategy Strategy { get; set; } = DispatchStrategy.Joint;

    /// <summary>A dispatch not accepted within this time goes to the next best responder.</summary>
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a round waits for other incidents to decide together with. Zero (the default) decides at once, with
    /// whatever has queued meanwhile: joint decisions then come from rounds that grow under load, not from waiting.
    /// </summary>
    public TimeSpan RoundWindow { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a new report waits for its board's first decision before it is stored without it: an answer within
    /// the wait is stored with the report (one commit); a later one follows in its own.
    /// </summary>
    public TimeSpan FirstDecisionWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How soon an incident whose supplies were not yet sought (a lost request) asks the stockpiles again.</summary>
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often an incident with needs nobody could fill asks the boards again.</summary>
    public TimeSpan RetryUnfilledEvery { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Share of the people on duty with each skill (or role) that further needs may not use: once an incident has
    /// someone arriving in time, more people with a skill go only while more than this share of them are free.
    /// Nothing is held back on an ordinary day; in a storm the last ones are kept for scenes that have nobody yet.
    /// </summary>
    public double Reserve { get; set; } = 0.5;

    public EtaOptions Eta { get; set; } = new();
}
