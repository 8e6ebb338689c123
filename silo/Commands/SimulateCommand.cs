using System.Text.Json;
using ThreeSocial.Silo.Simulation;

namespace ThreeSocial.Silo.Commands;

/// <summary>`simulate --scenario rainstorm --seed 7 --out result.json [--speed 120]`: runs a scenario on the real silo.</summary>
public static class SimulateCommand
{
    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        var scenario = Scenario.Get(options.GetValueOrDefault("scenario") ?? throw new ArgumentException("--scenario is required (normal-day, rainstorm, heatwave)."));
        var seed = int.Parse(options.GetValueOrDefault("seed", "1"), System.Globalization.CultureInfo.InvariantCulture);
        var speed = double.Parse(options.GetValueOrDefault("speed", scenario.DefaultSpeed.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);
        var report = new Simulator(scenario, seed, speed, Console.Out).RunAsync().GetAwaiter().GetResult();
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true });
        if (options.TryGetValue("out", out var file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, json);
        }
        Console.WriteLine(json);
        return 0;
    }
}
