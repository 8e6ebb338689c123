using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;

namespace ThreeSocial.Grains.Alerts;

/// <summary>The words of one alert in one language; "{subject}" is replaced by what the alert is about.</summary>
public sealed record AlertText(string Event, string Headline, string Instruction);

/// <summary>What a kind of alert says and how CAP grades it (category, urgency, severity, certainty).</summary>
/// <param name="Routine">
/// News, not a call to act (the weekly digest): not escalated when nobody acknowledges it, and not streamed to the live
/// map's alert feed, which is for what needs someone now.
/// </param>
public sealed record AlertRule(string Kind, string Category, string Urgency, string Severity, string Certainty, AlertText Zh, AlertText En, bool Routine = false);

/// <summary>A jurisdiction's own thresholds; missing values fall back to the defaults.</summary>
public sealed record AlertThresholds(TimeSpan? AcknowledgeWithin = null, int? ExpiringWithinDays = null, double? OnDutyPer1000Elderly = null);

/// <summary>Alert rules as data (alert-rules.json): what each kind says, and thresholds per street or district; a DI singleton.</summary>
public sealed class AlertRules
{
    private static readonly JsonSerializerOptions FileOptions = new(JsonSerializerDefaults.Web) { RespectRequiredConstructorParameters = true };

    private readonly FrozenDictionary<string, AlertRule> _rules;
    private readonly AlertThresholds _defaults;
    private readonly FrozenDictionary<string, AlertThresholds> _jurisdictions;

    private AlertRules(RulesFile file)
    {
        _rules = file.Rules.ToFrozenDictionary(r => r.Kind);
        _defaults = file.Defaults;
        _jurisdictions = file.Jurisdictions.ToFrozenDictionary();
    }

    public AlertRule For(string kind) =>
        _rules.TryGetValue(kind, out var rule) ? rule : throw new ArgumentException($"No alert rule for '{kind}'.", nameof(kind));

    /// <summary>How long a street office has to acknowledge: the street's own setting, else its district's, else the default.</summary>
    public TimeSpan AcknowledgeWithin(string street) => Threshold(street, t => t.AcknowledgeWithin);

    /// <summary>How far ahead stock counts as expiring soon (30 days by default).</summary>
    public int ExpiringWithinDays(string street) => Threshold(street, t => t.ExpiringWithinDays);

    /// <summary>The fewest people on duty a community should have for each 1,000 residents aged 60 and over.</summary>
    public double OnDutyPer1000Elderly(string street) => Threshold(street, t => t.OnDutyPer1000Elderly);

    private T Threshold<T>(string street, Func<AlertThresholds, T?> of) where T : struct =>
        (_jurisdictions.GetValueOrDefault(street) is { } own ? of(own) : null)
        ?? (RegionCode.TryParse(street, out var code) && code.Level != RegionLevel.City && _jurisdictions.GetValueOrDefault(code.District.ToString()) is { } district ? of(district) : null)
        ?? of(_defaults)
        ?? throw new InvalidOperationException("alert-rules.json has no default for this threshold.");

    /// <summary>The rules the service ships, read from the embedded alert-rules.json; every kind the service raises must have its rule, and every rule a kind.</summary>
    public static AlertRules Load()
    {
        using var stream = typeof(AlertRules).Assembly.GetManifestResourceStream("alert-rules.json")
            ?? throw new InvalidOperationException("alert-rules.json is not embedded.");
        var file = JsonSerializer.Deserialize<RulesFile>(stream, FileOptions)!;
        var ruled = file.Rules.Select(r => r.Kind).ToHashSet(StringComparer.Ordinal);
        if (AlertKinds.All.Except(ruled).ToList() is [_, ..] unruled)
            throw new InvalidOperationException($"alert-rules.json has no rule for {string.Join(", ", unruled)}.");
        if (ruled.Except(AlertKinds.All).ToList() is [_, ..] unknown)
            throw new InvalidOperationException($"alert-rules.json has rules for kinds the service never raises: {string.Join(", ", unknown)}.");
        return new AlertRules(file);
    }

    private sealed record RulesFile(AlertThresholds Defaults, Dictionary<string, AlertThresholds> Jurisdictions, List<AlertRule> Rules);
}
