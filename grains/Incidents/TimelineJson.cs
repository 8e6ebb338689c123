using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Texts;

namespace ThreeSocial.Grains.Incidents;

/// <summary>
/// A timeline entry in JSON, in the journal and in the API alike: one flat object with its kind and the fields that kind
/// uses. The shape predates the typed entries, so journals written before them read unchanged and the API's clients see
/// no difference.
/// </summary>
public sealed class TimelineJson : JsonConverter<TimelineEntry>
{
    private sealed record Line(
        DateTimeOffset At, string Actor, TimelineKind Kind, string? Note = null, string? ResponderId = null,
        IncidentReport? Report = null, DispatchDecision? Decision = null, ImmutableArray<SupplyAllocation>? Supplies = null, string? Cause = null, int? Satisfaction = null,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Phrase? Said = null); // absent in entries from before facts were kept

    public override TimelineEntry Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var line = JsonSerializer.Deserialize<Line>(ref reader, options) ?? throw new JsonException("A timeline entry is an object.");
        var (at, actor, note) = (line.At, line.Actor, line.Note ?? "");
        string Responder() => line.ResponderId ?? throw new JsonException($"A {line.Kind} entry names its responder.");
        DispatchDecision Decision() => line.Decision ?? throw new JsonException($"A {line.Kind} entry holds its decision.");
        TimelineEntry entry = line.Kind switch
        {
            TimelineKind.Reported => new TimelineEntry.Reported(at, actor, note, line.Report ?? throw new JsonException("A Reported entry holds the report.")),
            TimelineKind.ReportedUp => new TimelineEntry.ReportedUp(at, actor, note),
            TimelineKind.Acknowledged => new TimelineEntry.Acknowledged(at, actor, note),
            TimelineKind.Dispatched => new TimelineEntry.Dispatched(at, actor, note, Decision()),
            TimelineKind.FollowUpDispatched => new TimelineEntry.FollowUpDispatched(at, actor, note, Decision()),
            TimelineKind.Accepted => new TimelineEntry.Accepted(at, actor, note, Responder()),
            TimelineKind.EnRoute => new TimelineEntry.EnRoute(at, actor, note, Responder()),
            TimelineKind.OnScene => new TimelineEntry.OnScene(at, actor, note, Responder()),
            TimelineKind.Released => new TimelineEntry.Released(at, actor, note, Responder()),
            TimelineKind.Resolved => new TimelineEntry.Resolved(at, actor, note, line.Satisfaction),
            TimelineKind.Closed => new TimelineEntry.Closed(at, actor, note, line.Satisfaction),
            TimelineKind.Cancelled => new TimelineEntry.Cancelled(at, actor, note),
            TimelineKind.Escalated => new TimelineEntry.Escalated(at, actor, note, Escalations.Parse(line.Cause ?? "")),
            TimelineKind.SuppliesIssued => new TimelineEntry.SuppliesIssued(at, actor, note, line.Supplies ?? []),
            TimelineKind.DeadlineMissed => new TimelineEntry.DeadlineMissed(at, DeadlineWatch.FromReminder(note) ?? throw new JsonException($"'{note}' is not a deadline.")),
            _ => throw new JsonException($"Unknown timeline kind {line.Kind}."),
        };
        return line.Said is null ? entry : entry with { Said = line.Said };
    }

    public override void Write(Utf8JsonWriter writer, TimelineEntry value, JsonSerializerOptions options)
    {
        var line = new Line(value.At, value.Actor, value.Kind, value.Note, Said: value.Said);
        line = value switch
        {
            TimelineEntry.Reported e => line with { Report = e.Report },
            TimelineEntry.Dispatched e => line with { Decision = e.Decision },
            TimelineEntry.FollowUpDispatched e => line with { Decision = e.Decision },
            TimelineEntry.ResponderStep e => line with { ResponderId = e.ResponderId },
            TimelineEntry.Escalated e => line with { Cause = e.Cause.Name() },
            TimelineEntry.SuppliesIssued e => line with { Supplies = e.Supplies },
            TimelineEntry.Resolved e => line with { Satisfaction = e.Satisfaction },
            TimelineEntry.Closed e => line with { Satisfaction = e.Satisfaction },
            _ => line,
        };
        JsonSerializer.Serialize(writer, line, options);
    }
}
