namespace ThreeSocial.Silo.Commands;

/// <summary>Runs a named command (`dotnet run --project silo -- NAME --option value …`) instead of the service.</summary>
public static class CommandLine
{
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0].StartsWith('-')) return false;
        var options = Options(args[1..]);
        exitCode = args[0] switch
        {
            "derive-districts" => DeriveDistrictsCommand.Run(options),
            "generate-city" => GenerateCityCommand.Run(options),
            "simulate" => SimulateCommand.Run(options),
            "create-user" => CreateUserCommand.Run(options, [.. SettingsOnly(args[1..])]),
            "front-door" => FrontDoorCommand.Run(options),
            _ => Unknown(args[0]),
        };
        return true;
    }

    private static int Unknown(string name)
    {
        Console.Error.WriteLine($"Unknown command '{name}'. Commands: generate-city, derive-districts, simulate, create-user, front-door.");
        return 2;
    }

    /// <summary>The --Section:Key value pairs (configuration), without the command's own options.</summary>
    private static IEnumerable<string> SettingsOnly(string[] args)
    {
        for (var i = 0; i + 1 < args.Length; i += 2)
            if (args[i].Contains(':')) { yield return args[i]; yield return args[i + 1]; }
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
                throw new ArgumentException($"Expected an --option, got '{args[i]}'.");
            options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
        }
        return options;
    }
}
