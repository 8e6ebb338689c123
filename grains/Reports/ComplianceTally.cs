using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Grains.Reports;

/// <summary>
/// The documents' four deadlines counted over a set of incidents (cancelled ones left out: a false alarm has no
/// deadline to keep), and the residents' satisfaction. Adds up from streets to districts to the city.
/// </summary>
[GenerateSerializer, Immutable, Alias("ts.ComplianceTally")]
public sealed record ComplianceTally(
    [property: Id(0)] int Emergencies, [property: Id(1)] int ServiceRequests,
    [property: Id(2)] DeadlineTally ReportedUpIn15Minutes, [property: Id(3)] DeadlineTally OnSceneIn2Hours,
    [property: Id(4)] DeadlineTally AnsweredIn24Hours, [property: Id(5)] DeadlineTally ResolvedIn7WorkingDays,
    [property: Id(6)] int SatisfactionRatings, [property: Id(7)] int SatisfactionSum)
{
    public static readonly ComplianceTally Zero = new(0, 0, DeadlineTally.Zero, DeadlineTally.Zero, DeadlineTally.Zero, DeadlineTally.Zero, 0, 0);

    /// <summary>The residents' average rating, 1–5, to two decimals; null with no rating.</summary>
    public double? SatisfactionAverage => SatisfactionRatings == 0 ? null : Math.Round((double)SatisfactionSum / SatisfactionRatings, 2);

    public int Missed => ReportedUpIn15Minutes.Missed + OnSceneIn2Hours.Missed + AnsweredIn24Hours.Missed + ResolvedIn7WorkingDays.Missed;

    public static ComplianceTally operator +(ComplianceTally a, ComplianceTally b) => new(
        a.Emergencies + b.Emergencies, a.ServiceRequests + b.ServiceRequests,
        a.ReportedUpIn15Minutes + b.ReportedUpIn15Minutes, a.OnSceneIn2Hours + b.OnSceneIn2Hours,
        a.AnsweredIn24Hours + b.AnsweredIn24Hours, a.ResolvedIn7WorkingDays + b.ResolvedIn7WorkingDays,
        a.SatisfactionRatings + b.SatisfactionRatings, a.SatisfactionSum + b.SatisfactionSum);

    public static ComplianceTally Sum(IEnumerable<ComplianceTally> tallies) => tallies.Aggregate(Zero, (a, b) => a + b);

    public static ComplianceTally Of(IEnumerable<ComplianceRecord> records) => records.Where(r => !r.Cancelled).Aggregate(Zero, (tally, r) => tally.With(r));

    private ComplianceTally With(ComplianceRecord r)
    {
        var tally = r.Response == ResponseKind.Emergency ? this with { Emergencies = Emergencies + 1 } : this with { ServiceRequests = ServiceRequests + 1 };
        foreach (var d in r.Deadlines)
            tally = d.Deadline switch
            {
                DeadlineKind.ReportUp => tally with { ReportedUpIn15Minutes = tally.ReportedUpIn15Minutes.With(d.Outcome) },
                DeadlineKind.OnScene => tally with { OnSceneIn2Hours = tally.OnSceneIn2Hours.With(d.Outcome) },
                DeadlineKind.Feedback => tally with { AnsweredIn24Hours = tally.AnsweredIn24Hours.With(d.Outcome) },
                _ => tally with { ResolvedIn7WorkingDays = tally.ResolvedIn7WorkingDays.With(d.Outcome) },
            };
        return r.Satisfaction is { } rating ? tally with { SatisfactionRatings = tally.SatisfactionRatings + 1, SatisfactionSum = tally.SatisfactionSum + rating } : tally;
    }
}
