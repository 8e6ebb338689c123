using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Grains.Reports;

[GenerateSerializer, Immutable, Alias("ts.DeadlineResult")]
public sealed record DeadlineResult(
    [property: Id(0)] DeadlineKind Deadline, [property: Id(1)] DateTimeOffset Due, [property: Id(2)] DateTimeOffset? MetAt,
    [property: Id(3)] DeadlineOutcome Outcome, [property: Id(4)] MissCause? Cause);
