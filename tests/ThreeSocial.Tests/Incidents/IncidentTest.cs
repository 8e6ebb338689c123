using Microsoft.Extensions.DependencyInjection;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Grains.Stockpiles;
using ThreeSocial.Clocks;
using ThreeSocial.Tests.Support;

namespace ThreeSocial.Tests.Incidents;

/// <summary>
/// Incidents over a small generated city of two real, neighbouring districts (渝中 and 沙坪坝), on virtual time: the
/// grains' and reminders' clock (Orleans' keyed clocks) moves only when a test lets it pass, so a 2-hour deadline is
/// reached without waiting for it and a test decides exactly how much time has gone by. The clock is shared across
/// restarts: time goes on while the silo is down.
/// </summary>
public abstract class IncidentTest : RuntimeTest
{
    private static readonly Lazy<RegionCatalog> SmallCity = new(() =>
        TestCities.Small(21, new CityScale(Streets: 6, UrbanCommunities: 30, Villages: 10), "500103", "500106"));

    protected static RegionCatalog Catalog => SmallCity.Value;

    /// <summary>Where virtual time starts: now, unless a test needs particular dates (a holiday).</summary>
    protected virtual DateTimeOffset Start => DateTimeOffset.UtcNow;

    private VirtualTime? _clock;
    protected VirtualTime Clock => _clock ??= new VirtualTime(Start);

    /// <summary>Lets virtual time pass until the incident's view satisfies the condition.</summary>
    protected async Task<IncidentView> PassUntil(IIncidentGrain incident, Func<IncidentView, bool> condition, string what, TimeSpan limit)
    {
        IncidentView view = null!;
        await Clock.PassUntil(async () => condition(view = await incident.Get()), what, limit);
        return view;
    }

    protected virtual DispatchOptions Options { get; } = new() { RoundWindow = TimeSpan.FromMilliseconds(20) };

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton(Catalog).AddSingleton(Microsoft.Extensions.Options.Options.Create(Options)).AddGrainClock(Clock);

    protected DateOnly Today => ChongqingTime.Today(Clock);

    /// <summary>A community of 渝中 and a point inside it.</summary>
    protected static Region Community => Catalog.City.Communities.First(c => c.Code.StartsWith("500103", StringComparison.Ordinal));

    protected static (double Lon, double Lat) Scene => (Community.Area.InteriorPoint.X, Community.Area.InteriorPoint.Y);

    /// <summary>Responders of 渝中 whose certificate backs the skill today, nearest to the scene first.</summary>
    protected IReadOnlyList<ResponderSeed> Qualified(string skill) =>
        [.. Catalog.City.Responders
            .Where(r => r.HomeCommunity.StartsWith("500103", StringComparison.Ordinal) && r.QualifiedSkills(Today).Contains(skill))
            .OrderBy(r => r.Id, StringComparer.Ordinal)];

    /// <summary>On duty and seen just now, <paramref name="km"/> north of the scene.</summary>
    protected async Task OnDuty(ResponderSeed responder, double km)
    {
        var grain = Grains.GetGrain<IResponderGrain>(responder.Id);
        await grain.SetDuty(true, "shift");
        await grain.ReportPosition(new Position(Scene.Lon, Scene.Lat + km / 111.2, Clock.GetUtcNow(), 10));
    }

    protected async Task OpenStockpilesOf(string district)
    {
        foreach (var site in Catalog.City.Stockpiles.Where(s => s.OwnerCode.StartsWith(district, StringComparison.Ordinal)))
            await Grains.GetGrain<IStockpileGrain>(site.Id).Open(OpeningStockPlan.For(Silo.Services.GetRequiredService<SupplyCatalog>(), site, 1, Today));
    }

    protected static ReportIncident Report(string key, string subtype = "elderly-illness", Severity severity = Severity.Serious) =>
        new(key, subtype, severity, Scene.Lon, Scene.Lat, "一位老人在家中晕倒 (an elderly man fainted at home)", new PeopleInvolved(1, ElderlyLivingAlone: true), "grid-worker-1");

    protected IIncidentGrain Incident(string key) =>
        Grains.GetGrain<IIncidentGrain>(IncidentIds.For(Catalog.Locate(Scene.Lon, Scene.Lat)!.Street.Code, key));

    /// <summary>Days pass at once (nothing in between is under test), then the last two minutes in steps let what fell due run.</summary>
    protected async Task JumpTo(DateTimeOffset at)
    {
        Clock.Advance(at - TimeSpan.FromMinutes(2) - Clock.GetUtcNow());
        await Clock.Pass(TimeSpan.FromMinutes(2));
    }

    protected static async Task<IncidentView> Until(IIncidentGrain incident, Func<IncidentView, bool> condition, string what, int timeoutMs = 15_000)
    {
        IncidentView view = null!;
        await Eventually.True(async () => condition(view = await incident.Get()), what, timeoutMs);
        return view;
    }
}
