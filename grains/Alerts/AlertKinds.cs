namespace ThreeSocial.Grains.Alerts;

/// <summary>
/// Every kind of alert the service raises. Each must have its rule in alert-rules.json and every rule must be one of
/// these: <see cref="AlertRules"/> checks both when it loads, at start, so a typo fails the start and not an incident.
/// </summary>
public static class AlertKinds
{
    public const string NotReportedUp = "not-reported-up";
    public const string NoResponder = "no-responder";
    public const string DeadlineAtRisk = "deadline-at-risk";
    public const string DeadlineBreached = "deadline-breached";
    public const string SuppliesShort = "supplies-short";
    public const string NotAcknowledged = "not-acknowledged";
    public const string StockBelowMinimum = "stock-below-minimum";
    public const string StockExpiring = "stock-expiring";
    public const string StockExpired = "stock-expired";
    public const string MealsOverCapacity = "meals-over-capacity";
    public const string CoverageLow = "coverage-low";
    public const string WeeklyDigest = "weekly-digest";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        NotReportedUp, NoResponder, DeadlineAtRisk, DeadlineBreached, SuppliesShort, NotAcknowledged,
        StockBelowMinimum, StockExpiring, StockExpired, MealsOverCapacity, CoverageLow, WeeklyDigest,
    };
}
