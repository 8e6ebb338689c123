namespace ThreeSocial.Grains.Reports;

/// <summary>How one deadline of one incident stands: not yet decided, met, or missed.</summary>
[GenerateSerializer, Alias("ts.DeadlineOutcome")]
public enum DeadlineOutcome { Pending, Met, Missed }
