using System.Collections.Immutable;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>What a timeline line records (the audit trail of the incident).</summary>
[GenerateSerializer, Alias("ts.TimelineKind")]
public enum TimelineKind
{
    Reported, ReportedUp, Acknowledged, Dispatched, Accepted, EnRoute, OnScene, Resolved, Closed, Cancelled, Escalated,
    Released, SuppliesIssued, DeadlineMissed, FollowUpDispatched,
}

/// <summary>
/// One line of an incident's timeline: who did what, when and why; stored in the incident's journal. One record per
/// kind of event, each carrying only what that event says; in JSON (the journal and the API) every kind has the one flat
/// shape it always had (<see cref="TimelineJson"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.TimelineEntry")]
[JsonConverter(typeof(TimelineJson))]
public abstract record TimelineEntry([property: Id(0)] DateTimeOffset At, [property: Id(1)] string Actor, [property: Id(2)] string Note)
{
    public abstract TimelineKind Kind { get; }

    /// <summary>
    /// The note's sentence as facts, said in the reader's language when read; null in entries written before the facts
    /// were kept, and in those whose note is what a person typed or whose record already holds its facts (a decision).
    /// </summary>
    [Id(3)] public Phrase? Said { get; init; }

    /// <summary>This entry with its note said by a phrase: the facts kept, and the English sentence as the note.</summary>
    public TimelineEntry Saying(Phrase said) => this with { Note = said.ToString(), Said = said };

    [GenerateSerializer, Immutable, Alias("ts.Timeline.Reported")]
    public sealed record Reported(DateTimeOffset At, string Actor, string Note, [property: Id(0)] IncidentReport Report) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Reported;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.ReportedUp")]
    public sealed record ReportedUp(DateTimeOffset At, string Actor, string Note) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.ReportedUp;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.Acknowledged")]
    public sealed record Acknowledged(DateTimeOffset At, string Actor, string Note) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Acknowledged;
    }

    /// <summary>People sent for the first response (or a later search for it), with the board's reasons.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.Dispatched")]
    public sealed record Dispatched(DateTimeOffset At, string Actor, string Note, [property: Id(0)] DispatchDecision Decision) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Dispatched;
    }

    /// <summary>People sent for the playbook's follow-up visits once the incident is resolved.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.FollowUpDispatched")]
    public sealed record FollowUpDispatched(DateTimeOffset At, string Actor, string Note, [property: Id(0)] DispatchDecision Decision) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.FollowUpDispatched;
    }

    /// <summary>A step of one responder's assignment.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.ResponderStep")]
    public abstract record ResponderStep(DateTimeOffset At, string Actor, string Note, [property: Id(0)] string ResponderId) : TimelineEntry(At, Actor, Note);

    [GenerateSerializer, Immutable, Alias("ts.Timeline.Accepted")]
    public sealed record Accepted(DateTimeOffset At, string Actor, string Note, string ResponderId) : ResponderStep(At, Actor, Note, ResponderId)
    {
        public override TimelineKind Kind => TimelineKind.Accepted;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.EnRoute")]
    public sealed record EnRoute(DateTimeOffset At, string Actor, string Note, string ResponderId) : ResponderStep(At, Actor, Note, ResponderId)
    {
        public override TimelineKind Kind => TimelineKind.EnRoute;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.OnScene")]
    public sealed record OnScene(DateTimeOffset At, string Actor, string Note, string ResponderId) : ResponderStep(At, Actor, Note, ResponderId)
    {
        public override TimelineKind Kind => TimelineKind.OnScene;
    }

    /// <summary>An assignment ended before the incident did (declined, not accepted in time, no longer free, replaced); the note says why.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.Released")]
    public sealed record Released(DateTimeOffset At, string Actor, string Note, string ResponderId) : ResponderStep(At, Actor, Note, ResponderId)
    {
        public override TimelineKind Kind => TimelineKind.Released;
    }

    /// <summary>Resolved on the ground; the resident's satisfaction (1–5) when the grid worker asked.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.Resolved")]
    public sealed record Resolved(DateTimeOffset At, string Actor, string Note, [property: Id(0)] int? Satisfaction = null) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Resolved;
    }

    /// <summary>Closed by the street office; the resident's satisfaction (1–5) when recorded at closure.</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.Closed")]
    public sealed record Closed(DateTimeOffset At, string Actor, string Note, [property: Id(0)] int? Satisfaction = null) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Closed;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.Cancelled")]
    public sealed record Cancelled(DateTimeOffset At, string Actor, string Note) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Cancelled;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.Escalated")]
    public sealed record Escalated(DateTimeOffset At, string Actor, string Note, [property: Id(0)] EscalationCause Cause) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.Escalated;
    }

    [GenerateSerializer, Immutable, Alias("ts.Timeline.SuppliesIssued")]
    public sealed record SuppliesIssued(DateTimeOffset At, string Actor, string Note, [property: Id(0)] ImmutableArray<SupplyAllocation> Supplies) : TimelineEntry(At, Actor, Note)
    {
        public override TimelineKind Kind => TimelineKind.SuppliesIssued;
    }

    /// <summary>A deadline came and was missed; the note is the deadline's name ("on-scene").</summary>
    [GenerateSerializer, Immutable, Alias("ts.Timeline.DeadlineMissed")]
    public sealed record DeadlineMissed(DateTimeOffset At, [property: Id(0)] DeadlineKind Deadline) : TimelineEntry(At, "system", Deadline.ReminderName())
    {
        public override TimelineKind Kind => TimelineKind.DeadlineMissed;
    }
}
