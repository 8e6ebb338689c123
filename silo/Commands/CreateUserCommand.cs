using System.Collections.Immutable;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Silo.Commands;

/// <summary>
/// create-user --name NAME --role ROLE --jurisdiction CODE[,CODE…] [--responder ID] [storage settings]: the first administrator of a
/// deployment without demo users (the rest are made through /api/v1/users). The password comes from the environment
/// variable THREESOCIAL_PASSWORD or, without it, the first line of standard input: never the command line, which
/// other users of the machine can read. Run it while the service is stopped.
/// </summary>
public static class CreateUserCommand
{
    public static int Run(IReadOnlyDictionary<string, string> options, string[] args)
    {
        var name = options.GetValueOrDefault("name") ?? throw new ArgumentException("create-user needs --name.");
        var role = RoleNames.Parse(options.GetValueOrDefault("role") ?? "")
            ?? throw new ArgumentException("create-user needs --role operator | grid-worker | street-office | admin.");
        var jurisdiction = (options.GetValueOrDefault("jurisdiction") ?? throw new ArgumentException("create-user needs --jurisdiction CODE[,CODE…]."))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var password = Environment.GetEnvironmentVariable("THREESOCIAL_PASSWORD") ?? Console.In.ReadLine()
            ?? throw new ArgumentException("Give the password in THREESOCIAL_PASSWORD or on standard input.");

        // The silo itself, quietly, with nothing of its own to load: the same storage settings reach the same store.
        var app = SiloApplication.Build([.. args, "--urls", "http://127.0.0.1:0", "--City:LoadDemo", "false", "--City:WarmUpOnStart", "false",
            "--Auth:DemoUsers", "false", "--Logging:LogLevel:Default", "Warning"]);
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            var user = app.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(name);
            var created = user.Create(new NewUser(name, password, [role], [.. jurisdiction], ResponderId: options.GetValueOrDefault("responder")), "create-user").GetAwaiter().GetResult();
            Console.WriteLine($"Created {created.Name}: {RoleNames.Of(role)} of {string.Join(", ", created.Jurisdiction)}.");
            return 0;
        }
        catch (Exception e) when (e is Grains.Common.InvalidRequestException or Grains.Common.DomainRuleException)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
        }
    }
}
