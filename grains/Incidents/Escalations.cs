using System.Collections.Frozen;
using ThreeSocial.Grains.Alerts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>Why an incident was escalated: each cause is raised once and has its own alert to the street office.</summary>
[GenerateSerializer, Alias("ts.EscalationCause")]
public enum EscalationCause { NoResponder, Late, NotAccepted, SuppliesShort, ReportUpMissed, OnSceneMissed, FeedbackMissed, ResolveMissed }

/// <summary>
/// The rules of escalation: which alert each cause raises (kinds in grains/Alerts/alert-rules.json), which conditions end
/// once someone is on scene, and the name each cause has in the journal and the simulation report.
/// </summary>
public static class Escalations
{
    private sealed record Rule(string Name, string AlertKind, bool OverOnScene);

    private static readonly FrozenDictionary<EscalationCause, Rule> Rules = new Dictionary<EscalationCause, Rule>
    {
        [EscalationCause.NoResponder] = new("no-responder", AlertKinds.NoResponder, OverOnScene: true),
        [EscalationCause.Late] = new("late", AlertKinds.DeadlineAtRisk, OverOnScene: true),
        [EscalationCause.NotAccepted] = new("not-accepted", AlertKinds.DeadlineAtRisk, OverOnScene: true),
        [EscalationCause.SuppliesShort] = new("supplies", AlertKinds.SuppliesShort, OverOnScene: true),
        [EscalationCause.ReportUpMissed] = new("deadline:report-up", AlertKinds.NotReportedUp, OverOnScene: false),
        [EscalationCause.OnSceneMissed] = new("deadline:on-scene", AlertKinds.DeadlineBreached, OverOnScene: false),
        [EscalationCause.FeedbackMissed] = new("deadline:feedback", AlertKinds.DeadlineBreached, OverOnScene: false),
        [EscalationCause.ResolveMissed] = new("deadline:resolve", AlertKinds.DeadlineBreached, OverOnScene: false),
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, EscalationCause> ByName = Rules.ToFrozenDictionary(r => r.Value.Name, r => r.Key, StringComparer.Ordinal);

    public static string AlertKind(this EscalationCause cause) => Rules[cause].AlertKind;

    /// <summary>Nobody found, late, or short of supplies: over once someone is on scene. A missed deadline stays missed.</summary>
    public static bool IsOverOnScene(this EscalationCause cause) => Rules[cause].OverOnScene;

    public static string Name(this EscalationCause cause) => Rules[cause].Name;

    public static EscalationCause Parse(string name) =>
        ByName.TryGetValue(name, out var cause) ? cause : throw new FormatException($"'{name}' is not a cause of escalation.");

    public static EscalationCause MissedCause(this DeadlineKind deadline) => deadline switch
    {
        DeadlineKind.ReportUp => EscalationCause.ReportUpMissed,
        DeadlineKind.OnScene => EscalationCause.OnSceneMissed,
        DeadlineKind.Feedback => EscalationCause.FeedbackMissed,
        _ => EscalationCause.ResolveMissed,
    };
}
