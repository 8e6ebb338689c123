using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using ThreeSocial.Api.Auth;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Users;

namespace ThreeSocial.Silo.DemoCity;

/// <summary>
/// With Auth:DemoUsers, makes one account per role and kind of jurisdiction (all with Auth:DemoPassword) and says in
/// the log how to get their tokens. For trying the service; a real deployment turns it off and creates its users
/// through /api/v1/users.
/// </summary>
public sealed partial class DemoUsers(IServiceProvider services, IOptions<AuthOptions> auth, ILogger<DemoUsers> logger) : BackgroundService
{
    public const string DemoDistrict = "500103"; // 渝中区: the city centre

    /// <summary>
    /// The demo accounts: name, role, jurisdiction and, for the grid worker, the responder whose phone it is (the
    /// community's first grid's worker). Deterministic for a given city seed.
    /// </summary>
    public static IReadOnlyList<(string Name, Role Role, string Jurisdiction, string? Responder)> For(RegionCatalog catalog)
    {
        var street = catalog.Children(DemoDistrict)[0];
        var community = catalog.Children(street.Code)[0];
        var worker = catalog.Children(community.Code).Select(grid => catalog.Responder(grid.Code + "-GW01")).FirstOrDefault(r => r is not null);
        return
        [
            ("admin", Role.Admin, ChongqingDistricts.CityCode, null),
            ("operator", Role.Operator, ChongqingDistricts.CityCode, null),
            ($"operator-{DemoDistrict}", Role.Operator, DemoDistrict, null),
            ($"street-{street.Code}", Role.StreetOffice, street.Code, null),
            ($"grid-{community.Code}", Role.GridWorker, community.Code, worker?.Id),
        ];
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(async () =>
    {
        var grains = services.GetRequiredService<IGrainFactory>();
        var users = For(services.GetRequiredService<RegionCatalog>());
        foreach (var (name, role, jurisdiction, responder) in users)
        {
            var user = grains.GetGrain<IUserGrain>(name);
            if (await user.Get() is not null) continue;
            try
            {
                await user.Create(new NewUser(name, auth.Value.DemoPassword, [role], [jurisdiction], $"Demo {RoleNames.Of(role)}", responder), "demo");
            }
            catch (DomainRuleException)
            {
                // Another silo of the cluster, starting at the same time, made it first (a failure here stopped this silo).
                if (await user.Get() is null) throw;
            }
        }
        LogDemoUsers(logger, auth.Value.DemoPassword, string.Join(", ", users.Select(u => $"{u.Name} ({RoleNames.Of(u.Role)}, {u.Jurisdiction})")),
            SiloApplication.DefaultUrl);
    }, stoppingToken);

    public static Task Created(IServiceProvider services) =>
        services.GetServices<IHostedService>().OfType<DemoUsers>().FirstOrDefault()?.ExecuteTask ?? Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Demo users (Auth:DemoUsers; turn off for real use), password '{Password}': {Users}. Get a token: " +
        "curl -s -X POST {Url}/api/v1/auth/token -H 'Content-Type: application/json' -d '{{\"userName\":\"operator\",\"password\":\"{Password}\"}}'")]
    private static partial void LogDemoUsers(ILogger logger, string password, string users, string url);
}
