using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;

namespace ThreeSocial.Silo.Simulation;

/// <summary>
/// A day the city might have: where incidents happen, how many, of what kind, over how long, and who is on duty.
/// Reports arrive over <see cref="ReportingWindow"/>; the run goes on for <see cref="Tail"/> more so late arrivals count.
/// </summary>
public sealed record Scenario(
    string Name, string Description, IReadOnlyList<string>? Districts, int Incidents, TimeSpan ReportingWindow, TimeSpan Tail,
    IReadOnlyDictionary<string, double> Subtypes, IReadOnlyDictionary<Severity, double> Severities,
    IReadOnlyDictionary<ResponderRole, double> OnDuty, double DefaultSpeed)
{
    public static readonly IReadOnlyList<Scenario> All =
    [
        new("normal-day", "An ordinary day across the whole city: falls and illness among the elderly, disputes, outages, meal deliveries.",
            null, 400, TimeSpan.FromHours(8), TimeSpan.FromHours(2),
            new Dictionary<string, double>
            {
                ["elderly-fall"] = 0.22, ["elderly-illness"] = 0.18, ["welfare-check"] = 0.15, ["meal-delivery"] = 0.15,
                ["dispute"] = 0.12, ["utility-outage"] = 0.08, ["fire"] = 0.04, ["person-missing"] = 0.06,
            },
            new Dictionary<Severity, double> { [Severity.General] = 0.6, [Severity.Serious] = 0.3, [Severity.Major] = 0.08, [Severity.Critical] = 0.02 },
            new Dictionary<ResponderRole, double> { [ResponderRole.GridWorker] = 0.7, [ResponderRole.Volunteer] = 0.15, [ResponderRole.SocialWorker] = 0.6, [ResponderRole.PropertyStaff] = 0.3 },
            DefaultSpeed: 600),
        new("rainstorm", "A heavy rainstorm over 渝北, 沙坪坝 and 九龙坡: thousands of floods, landslides and elderly-welfare calls within two hours.",
            ["500112", "500106", "500107"], 3000, TimeSpan.FromHours(2), TimeSpan.FromHours(2),
            new Dictionary<string, double>
            {
                ["flood"] = 0.45, ["landslide"] = 0.12, ["elderly-fall"] = 0.12, ["elderly-illness"] = 0.08, ["welfare-check"] = 0.08,
                ["utility-outage"] = 0.10, ["person-missing"] = 0.05,
            },
            new Dictionary<Severity, double> { [Severity.General] = 0.35, [Severity.Serious] = 0.4, [Severity.Major] = 0.2, [Severity.Critical] = 0.05 },
            // Night, roads flooded: fewer are reachable for duty than on an ordinary day, so people are scarce.
            new Dictionary<ResponderRole, double> { [ResponderRole.GridWorker] = 0.6, [ResponderRole.Volunteer] = 0.12, [ResponderRole.SocialWorker] = 0.6, [ResponderRole.PropertyStaff] = 0.2 },
            DefaultSpeed: 120),
        new("heatwave", "A heatwave over the main urban districts: heat illness among the elderly and more meals to deliver.",
            ["500103", "500104", "500105", "500106", "500107", "500108", "500112"], 1500, TimeSpan.FromHours(6), TimeSpan.FromHours(2),
            new Dictionary<string, double> { ["heat-illness"] = 0.45, ["elderly-illness"] = 0.2, ["meal-delivery"] = 0.2, ["welfare-check"] = 0.15 },
            new Dictionary<Severity, double> { [Severity.General] = 0.5, [Severity.Serious] = 0.35, [Severity.Major] = 0.12, [Severity.Critical] = 0.03 },
            new Dictionary<ResponderRole, double> { [ResponderRole.GridWorker] = 0.8, [ResponderRole.Volunteer] = 0.3, [ResponderRole.SocialWorker] = 0.7, [ResponderRole.PropertyStaff] = 0.3 },
            DefaultSpeed: 300),
    ];

    public static Scenario Get(string name) =>
        All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"Unknown scenario '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}.");

    /// <summary>Draws a key by its weight.</summary>
    public static T Draw<T>(IReadOnlyDictionary<T, double> weights, Random random) where T : notnull
    {
        var roll = random.NextDouble() * weights.Values.Sum();
        foreach (var (key, weight) in weights)
            if ((roll -= weight) <= 0) return key;
        return weights.Keys.Last();
    }
}
