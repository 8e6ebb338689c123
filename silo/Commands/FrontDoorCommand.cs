using Yarp.ReverseProxy.Configuration;

namespace ThreeSocial.Silo.Commands;

/// <summary>
/// The front door of a cluster on one machine: one URL (--urls, default http://127.0.0.1:5080) in front of the silos'
/// own (--silos http://127.0.0.1:5081,http://127.0.0.1:5082,…), by YARP. Requests go to a healthy silo (each silo's
/// /healthz is asked every 2 s, and a silo that refuses connections is set aside at once); a browser stays with the
/// silo that answered its hub's negotiation (an affinity cookie), which SignalR needs, and is moved to another when that
/// silo goes. When every silo says unhealthy (storage down), requests still go through and get the silos' own 503s.
/// </summary>
public static class FrontDoorCommand
{
    public const string AffinityCookie = "ThreeSocial.Silo";

    public static int Run(IReadOnlyDictionary<string, string> options)
    {
        if (!options.TryGetValue("silos", out var list) || string.IsNullOrWhiteSpace(list))
        {
            Console.Error.WriteLine("front-door needs --silos http://127.0.0.1:5081,http://127.0.0.1:5082,… (each silo's --urls).");
            return 2;
        }
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.GetValueOrDefault("urls", SiloApplication.DefaultUrl));
        builder.Services.AddReverseProxy().LoadFromMemory([Route()], [Cluster(list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))]);
        var app = builder.Build();
        app.MapReverseProxy();
        app.Run();
        return 0;
    }

    private static RouteConfig Route() => new() { RouteId = "all", ClusterId = "silos", Match = new RouteMatch { Path = "{**path}" } };

    public static ClusterConfig Cluster(IReadOnlyList<string> silos) => new()
    {
        ClusterId = "silos",
        LoadBalancingPolicy = "PowerOfTwoChoices",
        SessionAffinity = new SessionAffinityConfig
        {
            Enabled = true, Policy = "Cookie", FailurePolicy = "Redistribute", AffinityKeyName = AffinityCookie,
        },
        HealthCheck = new HealthCheckConfig
        {
            AvailableDestinationsPolicy = "HealthyOrPanic",
            Active = new ActiveHealthCheckConfig { Enabled = true, Interval = TimeSpan.FromSeconds(2), Timeout = TimeSpan.FromSeconds(2), Policy = "ConsecutiveFailures", Path = "/healthz" },
            Passive = new PassiveHealthCheckConfig { Enabled = true, Policy = "TransportFailureRate", ReactivationPeriod = TimeSpan.FromSeconds(30) },
        },
        Destinations = silos.Select((url, i) => (url, i)).ToDictionary(s => $"silo{s.i + 1}", s => new DestinationConfig { Address = s.url }),
    };
}
