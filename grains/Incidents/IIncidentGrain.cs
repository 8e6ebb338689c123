
namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// One incident (key: "INC-{street code}-{12 hex}", derived from the report's Idempotency-Key so a resent report
/// reaches the same grain). Its timeline is its journal: every step is stored with who, when and why.
/// </summary>
[Alias("ts.IIncidentGrain")]
public interface IIncidentGrain : IGrainWithStringKey
{
    /// <summary>Stores the report, looks for people at once, and answers with both; supplies follow in a turn of their own.</summary>
    Task<ReportResult> Report(ReportIncident report);

    [ReadOnly] Task<IncidentView> Get();

    /// <summary>What a list or a map marker shows, without reading the timeline.</summary>
    [ReadOnly] Task<IncidentSummary> GetSummary();

    /// <summary>Finds people and supplies for whatever the incident still lacks; safe to call any time.</summary>
    Task<IncidentView> Dispatch();

    /// <summary>Issues the playbook's supplies from the nearest stockpiles, once; a repeat does nothing.</summary>
    [OneWay] Task IssueSupplies();

    Task<IncidentView> Accept(string responderId, string actor);
    Task<IncidentView> Decline(string responderId, string actor, string reason);
    Task<IncidentView> Advance(string responderId, IncidentStage stage, string actor);
    /// <param name="satisfaction">The resident's satisfaction, 1–5, when asked (the compliance reports average it).</param>
    Task<IncidentView> Resolve(string actor, string note, int? satisfaction = null);
    /// <param name="satisfaction">The resident's satisfaction, 1–5, when recorded at closure; it replaces one given at resolution.</param>
    Task<IncidentView> Close(string actor, string note, int? satisfaction = null);
    Task<IncidentView> Cancel(string actor, string reason);

    /// <summary>The street office confirms it has the report (the 15-minute "reported up" deadline).</summary>
    Task<IncidentView> Acknowledge(string actor);

    /// <summary>A responder left the assignment on their own (went off duty): find someone else.</summary>
    [OneWay] Task ResponderWithdrew(string responderId, string reason);

    /// <summary>As <see cref="ResponderWithdrew"/>, for going off duty: the timeline keeps the note's facts (who took them off).</summary>
    [OneWay] Task ResponderWentOffDuty(string responderId, string actor);
}
