using Microsoft.Extensions.Options;
using System.Collections.Concurrent;
using System.Diagnostics;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;
using ThreeSocial.Clocks;
using ThreeSocial.Events;

namespace ThreeSocial.Silo.Simulation;

/// <summary>
/// Runs a scenario on the real silo (grains, SQLite store, dispatch boards, reminders) with a clock that runs faster
/// than the wall clock. Simulated people answer their phones: responders accept after a few minutes (a few never do),
/// travel for about their ETA, handle the scene and resolve; street offices acknowledge reports.
/// </summary>
/// <param name="webhooks">Subscribe a webhook receiver for every street office of the scenario and measure alert delivery.</param>
public sealed class Simulator(Scenario scenario, int seed, double speed, TextWriter log, DispatchStrategy strategy = DispatchStrategy.Joint, bool webhooks = false)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _reportedWall = new();
    private readonly ConcurrentDictionary<string, double> _dispatchMs = new();
    private List<ResponderSeed> _onDuty = [];
    private readonly Random _random = new(seed);
    private readonly ConcurrentDictionary<(string Incident, string Responder), bool> _handled = new();
    private readonly ConcurrentBag<Task> _scripts = [];
    private AcceleratedTime _clock = null!;
    private IGrainFactory _grains = null!;

    /// <summary>The responders this run put on duty (for the hindsight bound).</summary>
    public IReadOnlyList<ResponderSeed> OnDuty => _onDuty;

    public RegionCatalog Catalog { get; private set; } = null!;
    public Playbooks Playbooks { get; private set; } = null!;
    private ThreeSocial.Grains.Stockpiles.SupplyCatalog _supplies = null!;

    /// <summary>The ETA model as this run's silo was configured.</summary>
    public EtaModel Eta { get; private set; } = null!;

    /// <summary>Every incident as it stood at the end of the run.</summary>
    public IReadOnlyList<IncidentView> Incidents { get; private set; } = [];

    /// <summary>What the street offices' webhook received (with <c>webhooks</c>), for tests to validate.</summary>
    public IReadOnlyList<ReceivedAlert> AlertsReceived { get; private set; } = [];

    private readonly ConcurrentDictionary<string, DateTimeOffset> _alertMessagesPublished = new();
    private readonly ConcurrentDictionary<string, bool> _alerts = new();

    public async Task<SimulationReport> RunAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "threesocial-sim", Guid.NewGuid().ToString("N"));
        _clock = new AcceleratedTime(DateTimeOffset.UtcNow, speed);
        var app = SiloApplication.Build(["--urls", "http://127.0.0.1:0", "--Storage:Sqlite:Path", Path.Combine(folder, "sim.db"),
            "--Logging:LogLevel:Default", "Warning", "--City:WarmUpOnStart", "false", "--City:DemoShift", "false", "--Dispatch:Strategy", strategy.ToString(),
            "--Alerts:Webhooks:AllowedHosts:0", "127.0.0.1", // the street offices' receiver is ours, on loopback
            // Reminders run on the simulation's clock: a whole-table reread each 5 simulated minutes would be every 2.5 s at 120x.
            "--Runtime:ReminderRefresh", "02:00:00"], services => services.AddGrainClock(_clock));
        var wall = Stopwatch.StartNew();
        try
        {
            await app.StartAsync();
            await DemoCity.DemoCityLoader.Loaded(app.Services); // the demo city's opening stock
            log.WriteLine($"city loaded in {wall.Elapsed.TotalSeconds:0.0} s; running '{scenario.Name}' at {speed:0}× with the {strategy} router ...");
            _grains = app.Services.GetRequiredService<IGrainFactory>();
            var catalog = Catalog = app.Services.GetRequiredService<RegionCatalog>();
            Playbooks = app.Services.GetRequiredService<Playbooks>();
            _supplies = app.Services.GetRequiredService<ThreeSocial.Grains.Stockpiles.SupplyCatalog>();
            Eta = new EtaModel(app.Services.GetRequiredService<IOptions<DispatchOptions>>().Value.Eta);
            var events = app.Services.GetRequiredService<EventStream>();
            using var dispatched = events.Subscribe("simulation", capacity: 100_000,
                filter: e => e.Payload is IncidentChanged { Cause: TimelineKind.Dispatched or TimelineKind.FollowUpDispatched });
            var onDuty = await PutOnDuty(catalog);
            await using var sink = webhooks ? await SubscribeStreetOffices(catalog) : null;
            using var alerts = events.Subscribe("simulation-alerts", capacity: 100_000, filter: e => e.Payload is AlertChanged);
            _ = Task.Run(() => RecordAlerts(alerts));
            await Drill(catalog);
            var simulatedStart = _clock.GetUtcNow();
            _ = Task.Run(() => AnswerAssignments(dispatched)); // ends when the subscription is disposed
            var pausedBefore = GC.GetTotalPauseDuration();
            var gcBefore = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var ids = await ReportIncidents(catalog);
            log.WriteLine($"GC while reporting: {GC.CollectionCount(0) - gcBefore.Item1}/{GC.CollectionCount(1) - gcBefore.Item2}/{GC.CollectionCount(2) - gcBefore.Item3} (gen0/1/2), paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:0} ms, heap {GC.GetTotalMemory(false) / 1048576} MiB");
            await Task.Delay(scenario.Tail, _clock);
            var report = await Collect(ids, onDuty, simulatedStart, wall.Elapsed);
            if (sink is null) return report;
            AlertsReceived = [.. sink.Received];
            return report with { Webhooks = WebhookOutcome.From(_alerts.Count, _alertMessagesPublished, AlertsReceived.Select(r => (r.Identifier, r.ReceivedAt))) };
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Every street office of the scenario's districts, and the districts themselves, subscribe one receiver.</summary>
    private async Task<WebhookSink> SubscribeStreetOffices(RegionCatalog catalog)
    {
        var sink = await WebhookSink.StartAsync();
        var offices = Districts(catalog).SelectMany(d => catalog.Children(d.Code).Select(s => s.Code).Append(d.Code)).ToList();
        _subscribed.UnionWith(offices);
        await Parallel.ForEachAsync(offices, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (code, _) =>
            await _grains.GetGrain<IWebhookSubscriptionsGrain>(code).Add(sink.Url, null, "simulation"));
        log.WriteLine($"{offices.Count} street and district offices subscribed to {sink.Url}");
        return sink;
    }

    /// <summary>The offices with a webhook: only their alerts are expected at the receiver.</summary>
    private readonly HashSet<string> _subscribed = new(StringComparer.Ordinal);

    /// <summary>When each alert message was stored and published: where its delivery time is counted from.</summary>
    private async Task RecordAlerts(EventSubscription alerts)
    {
        await foreach (var e in alerts.Reader.ReadAllAsync())
        {
            var alert = ((AlertChanged)e.Payload).Alert;
            // Stockpiles elsewhere in the city alert too (stock expiring as the simulated days pass); nobody there subscribed.
            if (!_subscribed.Contains(AlertIds.JurisdictionOf(alert.Id)!)) continue;
            _alerts.TryAdd(alert.Id, true);
            _alertMessagesPublished.TryAdd(alert.Messages[^1].Identifier, e.PublishedAt);
        }
    }

    private IEnumerable<Region> Districts(RegionCatalog catalog) =>
        scenario.Districts is { } codes ? catalog.Districts.Where(d => codes.Contains(d.Code)) : catalog.Districts;

    /// <summary>A share of each role goes on duty, in the scenario's districts and their neighbours (who come as mutual aid).</summary>
    private async Task<int> PutOnDuty(RegionCatalog catalog)
    {
        var districts = Districts(catalog).Select(d => d.Code).ToHashSet();
        foreach (var d in districts.ToList()) districts.UnionWith(catalog.NeighbourDistricts(d));
        var chosen = catalog.City.Responders
            .Where(r => districts.Contains(RegionCode.Parse(r.HomeCommunity).District.ToString()) && _random.NextDouble() < scenario.OnDuty.GetValueOrDefault(r.Role))
            .ToList();
        foreach (var r in chosen) _whereIs[r.Id] = (r.Home.X, r.Home.Y);
        await Parallel.ForEachAsync(chosen, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (r, _) =>
        {
            var grain = _grains.GetGrain<IResponderGrain>(r.Id);
            await grain.SetDuty(true, "simulation");
            await grain.ReportPosition(new Position(r.Home.X, r.Home.Y, _clock.GetUtcNow(), 20));
        });
        log.WriteLine($"{chosen.Count:N0} responders on duty");
        _onDuty = chosen;
        return chosen.Count;
    }

    /// <summary>How many drill incidents warm the service before the scenario begins (see <see cref="Drill"/>).</summary>
    public const int DrillIncidents = 40;

    private readonly HashSet<string> _drills = new(StringComparer.Ordinal);

    /// <summary>
    /// A service meets a storm warm: it has been running for hours. So before the scenario's first report, a few drill
    /// incidents in its districts are reported, four at a time, and cancelled as soon as their report (with its first
    /// dispatch) is answered: the storm's first minute is then not also the process's first minute, with its code still
    /// being compiled. Drawn from a stream of their own, so the scenario's incidents are the same; they count in no figure.
    /// </summary>
    private async Task Drill(RegionCatalog catalog)
    {
        var grids = Grids(catalog);
        var random = new Random(seed ^ 0x0D71);
        var drills = Enumerable.Range(0, DrillIncidents).Select(i =>
        {
            var point = grids[random.Next(grids.Count)].Area.InteriorPoint;
            var key = $"drill-{seed}-{i}";
            return (Id: IncidentIds.For(catalog.Locate(point.X, point.Y)!.Street.Code, key), Report: new ReportIncident(key, "elderly-fall", Severity.General,
                point.X, point.Y, "drill before the scenario", new PeopleInvolved(), "simulation"));
        }).ToList();
        _drills.UnionWith(drills.Select(d => d.Id));
        await Parallel.ForEachAsync(drills, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (drill, _) =>
        {
            var incident = _grains.GetGrain<IIncidentGrain>(drill.Id);
            await incident.Report(drill.Report);
            await incident.Cancel("simulation", "drill over");
        });
    }

    private List<Region> Grids(RegionCatalog catalog) =>
        [.. Districts(catalog).SelectMany(d => catalog.Children(d.Code)).SelectMany(s => catalog.Children(s.Code)).SelectMany(c => catalog.Children(c.Code))];

    /// <summary>Reports arrive at random over the window, thickest in its first half (a storm's peak).</summary>
    private async Task<List<string>> ReportIncidents(RegionCatalog catalog)
    {
        var grids = Grids(catalog);
        var start = _clock.GetUtcNow();
        var times = Enumerable.Range(0, scenario.Incidents)
            .Select(_ => scenario.ReportingWindow * Math.Pow(_random.NextDouble(), 1.5))
            .Order().ToList();
        var ids = new List<string>();
        var pending = new List<Task>();
        for (var i = 0; i < times.Count; i++)
        {
            var wait = start + times[i] - _clock.GetUtcNow();
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _clock);
            var grid = grids[_random.Next(grids.Count)];
            var point = grid.Area.InteriorPoint;
            var subtype = Scenario.Draw(scenario.Subtypes, _random);
            var severity = Scenario.Draw(scenario.Severities, _random);
            var key = $"sim-{seed}-{i}";
            var street = catalog.Locate(point.X, point.Y)!.Street.Code;
            var id = IncidentIds.For(street, key);
            ids.Add(id);
            // Most street offices acknowledge within minutes; one in ten is slower than the 15-minute limit.
            var acknowledgeAfter = TimeSpan.FromMinutes(_random.NextDouble() < 0.9 ? 1 + _random.NextDouble() * 12 : 15 + _random.NextDouble() * 15);
            var people = new PeopleInvolved(1 + _random.Next(3), ElderlyLivingAlone: _random.NextDouble() < 0.2);
            // An elderly resident on the register is named with their phone and address (drawn from the key, so the
            // scenario's random stream, and its figures, are the same with or without).
            var resident = people.ElderlyLivingAlone
                ? DemoResidents.For(catalog.Find(grid.ParentCode!)!, Math.Abs(StableHash.Of(key)) % 50) : null;
            pending.Add(Report(id, new ReportIncident(key, subtype, severity, point.X, point.Y, $"simulated {subtype}", people,
                $"grid-worker-{grid.Code}", resident is null ? null : new Contact(resident.Name, resident.Phone, resident.Address)), acknowledgeAfter));
        }
        await Task.WhenAll(pending);
        log.WriteLine($"{ids.Count:N0} incidents reported");
        return ids;
    }

    private async Task Report(string id, ReportIncident report, TimeSpan acknowledgeAfter)
    {
        var incident = _grains.GetGrain<IIncidentGrain>(id);
        _reportedWall[id] = DateTimeOffset.UtcNow;
        await incident.Report(report);
        _scripts.Add(Later(acknowledgeAfter, () => incident.Acknowledge($"street-office-{IncidentIds.StreetOf(id)}")));
    }

    /// <summary>Every new assignment gets a simulated person: accept, travel, arrive, handle, resolve.</summary>
    private async Task AnswerAssignments(EventSubscription dispatched)
    {
        await foreach (var e in dispatched.Reader.ReadAllAsync())
        {
            var changed = (IncidentChanged)e.Payload;
            if (_drills.Contains(changed.Id)) continue;
            if (changed.Cause == TimelineKind.Dispatched && _reportedWall.TryGetValue(changed.Id, out var reported))
                _dispatchMs.TryAdd(changed.Id, (e.PublishedAt - reported).TotalMilliseconds); // the first dispatch only
            _scripts.Add(Task.Run(async () => // people read their phones at the same time, not one after another
            {
                var view = await _grains.GetGrain<IIncidentGrain>(changed.Id).Get();
                foreach (var a in view.Assignments.Where(a => a.Status == AssignmentStatus.Dispatched))
                    if (_handled.TryAdd((view.Id, a.ResponderId), true)) _scripts.Add(Respond(view, a));
            }));
        }
    }

    private async Task Respond(IncidentView view, Assignment assignment)
    {
        var incident = _grains.GetGrain<IIncidentGrain>(view.Id);
        var answer = SimulatedAnswer.For(seed, view.Id, assignment.ResponderId);
        if (answer.IgnoresPhone) return;
        try
        {
            await Task.Delay(answer.AcceptAfter, _clock);
            await incident.Accept(assignment.ResponderId, assignment.ResponderId);
            await incident.Advance(assignment.ResponderId, IncidentStage.EnRoute, assignment.ResponderId);
            var place = view.Report.Place;
            var from = _whereIs[assignment.ResponderId];
            var profile = Catalog.Responder(assignment.ResponderId)!;
            await Task.Delay(answer.Travel(Eta, profile.Mode, from.Longitude, from.Latitude, place.Longitude, place.Latitude, DetourAt(place)), _clock);
            var onScene = await incident.Advance(assignment.ResponderId, IncidentStage.OnScene, assignment.ResponderId);
            // The person is now at the scene, and their phone says so (the worker page sends a fix when they arrive).
            _whereIs[assignment.ResponderId] = (place.Longitude, place.Latitude);
            await _grains.GetGrain<IResponderGrain>(assignment.ResponderId).ReportPosition(new Position(place.Longitude, place.Latitude, _clock.GetUtcNow(), 20));
            if (onScene.Assignments.Count(a => a.Status == AssignmentStatus.OnScene) > 1) return; // the first on scene resolves
            await Task.Delay(answer.Handling, _clock);
            await incident.Resolve(assignment.ResponderId, "handled on scene (simulated)");
            await Task.Delay(TimeSpan.FromMinutes(10), _clock);
            await incident.Close("street-office", "checked (simulated)");
        }
        catch (DomainRuleException)
        {
            // released meanwhile (timeout, replaced by someone earlier) or already resolved by another responder
        }
    }

    /// <summary>Where each simulated person really is: home until they reach a scene, then that scene.</summary>
    private readonly ConcurrentDictionary<string, (double Longitude, double Latitude)> _whereIs = new();

    private double DetourAt(IncidentPlace place) => Eta.DetourFactor(place.District, Catalog.Find(place.Community)?.Urban ?? true);

    private Task Later(TimeSpan after, Func<Task> action) => Task.Run(async () =>
    {
        await Task.Delay(after, _clock);
        try
        {
            await action();
        }
        catch (Exception)
        {
            // a simulated person's failed step is just not taken
        }
    });

    private async Task<SimulationReport> Collect(List<string> ids, int onDuty, DateTimeOffset simulatedStart, TimeSpan wall)
    {
        var views = new List<IncidentView>();
        foreach (var chunk in ids.Chunk(200))
            views.AddRange(await Task.WhenAll(chunk.Select(id => _grains.GetGrain<IIncidentGrain>(id).Get())));
        Incidents = views;
        return SimulationReport.From(scenario, seed, speed, strategy, views, onDuty, _clock.GetUtcNow() - simulatedStart, wall, [.. _dispatchMs.Values], _supplies);
    }
}
