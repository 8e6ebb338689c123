namespace ThreeSocial.Grains.Reports;

/// <summary>Of the incidents that run on one deadline: how many met it, missed it, or are still within it.</summary>
[GenerateSerializer, Immutable, Alias("ts.DeadlineTally")]
public sealed record DeadlineTally([property: Id(0)] int Met, [property: Id(1)] int Missed, [property: Id(2)] int Pending)
{
    public static readonly DeadlineTally Zero = new(0, 0, 0);

    /// <summary>Met of those decided; null when none is decided yet (a share of nothing is not 100%).</summary>
    public double? Share => Met + Missed == 0 ? null : Math.Round((double)Met / (Met + Missed), 4);

    public static DeadlineTally operator +(DeadlineTally a, DeadlineTally b) => new(a.Met + b.Met, a.Missed + b.Missed, a.Pending + b.Pending);

    public DeadlineTally With(DeadlineOutcome outcome) => outcome switch
    {
        DeadlineOutcome.Met => this with { Met = Met + 1 },
        DeadlineOutcome.Missed => this with { Missed = Missed + 1 },
        _ => this with { Pending = Pending + 1 },
    };
}
