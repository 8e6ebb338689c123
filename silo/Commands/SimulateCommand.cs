using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Silo.Simulation;

namespace ThreeSocial.Silo.Commands;

/// <summary>The run of our router, the baseline's run on the same incidents, and the hindsight bound.</summary>
public sealed record SimulationComparison(
    SimulationReport Router, SimulationReport? Baseline, Hindsight Hindsight, double? RouterOverBaseline, double RouterOverHindsight);

/// <summary>
/// `simulate --scenario rainstorm --seed 7 --out result.json [--speed 120] [--baseline false] [--webhooks true]`: runs a scenario on the
/// real silo with our router, then (unless --baseline false) again with nearest-available-unit dispatch on the same
/// incidents, and compares both with a hindsight bound.
/// </summary>
public static class SimulateCommand
{
    private static readonly JsonSerializerOptions Output = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var scenario = Scenario.Get(options.GetValueOrDefault("scenario") ?? throw new ArgumentException("--scenario is required (normal-day, rainstorm, heatwave)."));
        var seed = int.Parse(options.GetValueOrDefault("seed", "1"), CultureInfo.InvariantCulture);
        var speed = double.Parse(options.GetValueOrDefault("speed", scenario.DefaultSpeed.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        var comparison = RunAsync(scenario, seed, speed, options.GetValueOrDefault("baseline", "true") != "false", Console.Out,
            webhooks: options.GetValueOrDefault("webhooks", "false") == "true").GetAwaiter().GetResult();
        var json = JsonSerializer.Serialize(comparison, Output);
        if (options.TryGetValue("out", out var file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, json);
        }
        Console.WriteLine(json);
        return 0;
    }

    /// <param name="webhooks">Street offices subscribe a webhook receiver in our router's run: alert delivery is measured too.</param>
    public static async Task<SimulationComparison> RunAsync(Scenario scenario, int seed, double speed, bool baseline, TextWriter log, bool webhooks = false)
    {
        var ours = new Simulator(scenario, seed, speed, log, webhooks: webhooks);
        var router = await ours.RunAsync();
        var other = baseline ? await new Simulator(scenario, seed, speed, log, DispatchStrategy.NearestFirst).RunAsync() : null;
        var planning = System.Diagnostics.Stopwatch.StartNew();
        var hindsight = HindsightPlan.Compute(ours.Incidents, ours.OnDuty, ours.Catalog, ours.Playbooks, ours.Eta, (incident, person) => SimulatedAnswer.For(seed, incident, person));
        log.WriteLine($"hindsight plan: {hindsight.OnSceneWithin2h:N0} of {hindsight.Emergencies:N0} in time, planned in {planning.Elapsed.TotalSeconds:0.0} s");
        return new SimulationComparison(router, other, hindsight,
            other is null || other.ShareOnSceneWithin2h == 0 ? null : Math.Round(router.ShareOnSceneWithin2h / other.ShareOnSceneWithin2h, 4),
            hindsight.Share == 0 ? 0 : Math.Round(router.ShareOnSceneWithin2h / hindsight.Share, 4));
    }
}
