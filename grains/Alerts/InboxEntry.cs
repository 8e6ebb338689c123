namespace ThreeSocial.Grains.Alerts;

/// <summary>An alert as a street office's (or district's) inbox lists it.</summary>
[GenerateSerializer, Immutable, Alias("ts.InboxEntry")]
public sealed record InboxEntry(
    [Id(0)] string AlertId, [Id(1)] string Kind, [Id(2)] string Subject, [Id(3)] AlertStatus Status, [Id(4)] DateTimeOffset RaisedAt, [Id(5)] DateTimeOffset LastSent, [Id(6)] int Messages, [Id(7)] DeliverySummary Delivery)
{
    public static InboxEntry Of(AlertView a) => new(a.Id, a.Kind, a.Subject, a.Status, a.RaisedAt, a.Messages[^1].Sent, a.Messages.Length, a.Delivery);
}
