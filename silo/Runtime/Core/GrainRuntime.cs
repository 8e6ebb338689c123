using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ThreeSocial.Runtime.Metrics;
using ThreeSocial.Runtime.Reminders;
using ThreeSocial.Runtime.Storage;
using ThreeSocial.Runtime.Streams;

namespace ThreeSocial.Runtime;

/// <summary>
/// The in-process grain runtime: directory of activations, message routing, timeouts, idle collection,
/// reminders and shutdown. It knows nothing of the domain.
/// </summary>
public sealed class GrainRuntime : IGrainFactory, IHostedService
{
    private readonly ConcurrentDictionary<GrainId, Activation> _directory = new();
    private readonly GrainTypeRegistry _types;
    private readonly IServiceProvider _services;
    private readonly GrainRuntimeOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _housekeeping;
    private volatile bool _stopped;

    public GrainRuntime(IServiceProvider services, IOptions<GrainRuntimeOptions> options, IGrainStorage storage,
        IReminderTable reminderTable, IMeterFactory meters, ILogger<GrainRuntime> logger)
    {
        _services = services;
        _options = options.Value;
        _types = new GrainTypeRegistry(_options.GrainAssemblies);
        Storage = storage;
        Logger = logger;
        Events = new EventStream();
        Metrics = new RuntimeMetrics(this, meters);
        Reminders = new ReminderService(this, reminderTable, logger, services.GetService(typeof(TimeProvider)) as TimeProvider ?? TimeProvider.System);
    }

    public EventStream Events { get; }
    public IGrainStorage Storage { get; }
    internal ReminderService Reminders { get; }
    internal RuntimeMetrics Metrics { get; }
    internal ILogger Logger { get; }
    internal CancellationToken Stopping => _stopping.Token;
    internal IEnumerable<Activation> Activations => _directory.Values;

    public int ActivationCount => _directory.Count;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        GrainId.ValidateKey(key);
        var info = _types.GetInterface(typeof(TGrainInterface));
        return (TGrainInterface)GrainProxy.Create(this, info, new GrainId(info.Class.TypeName, key));
    }

    // ---- routing ----

    internal void Send(GrainId id, GrainClassInfo grainClass, ref Activation? cached, Request request, TimeSpan? methodTimeout)
    {
        var now = Stopwatch.GetTimestamp();
        var timeout = GrainCallContext.ResponseTimeout ?? methodTimeout ?? _options.ResponseTimeout;
        request.EnqueuedAt = now;
        request.Deadline = now + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        Metrics.CallSent();
        Route(id, grainClass, ref cached, request);
    }

    /// <summary>Sends a request that queued on an activation which deactivated before running it.</summary>
    internal void Resend(GrainId id, GrainClassInfo grainClass, Request request)
    {
        Activation? none = null;
        Route(id, grainClass, ref none, request);
    }

    private void Route(GrainId id, GrainClassInfo grainClass, ref Activation? cached, Request request)
    {
        // While stopping, grains may still call each other to finish what they started; new work from outside is refused.
        if (_stopped && (SynchronizationContext.Current is not Activation || _stopping.IsCancellationRequested))
        {
            request.Fail(new GrainRuntimeStoppedException());
            return;
        }
        var activation = cached;
        while (true)
        {
            activation ??= _directory.GetOrAdd(id, static (key, s) => new Activation(key, s.grainClass, s.runtime), (grainClass, runtime: this));
            if (activation.TryEnqueue(request))
            {
                cached = activation;
                return;
            }
            // That activation is gone: drop it from the directory (only if still mapped) and resolve again.
            _directory.TryRemove(new KeyValuePair<GrainId, Activation>(id, activation));
            activation = null;
        }
    }

    internal void Forget(Activation activation) =>
        _directory.TryRemove(new KeyValuePair<GrainId, Activation>(activation.GrainId, activation));

    internal Task DeliverReminder(ReminderEntry entry, TickStatus status)
    {
        var grainClass = _types.FindClass(entry.GrainId.Type)
            ?? throw new InvalidOperationException($"Reminder {entry.Name} targets unknown grain type '{entry.GrainId.Type}'.");
        var request = new TurnRequest($"ReceiveReminder({entry.Name})",
            grain => ((IRemindable)grain).ReceiveReminder(entry.Name, status));
        Activation? none = null;
        Send(entry.GrainId, grainClass, ref none, request, null);
        return request.Task;
    }

    internal (Grain Grain, IReadOnlyList<IStateSlot> States) CreateGrain(GrainClassInfo grainClass, Activation activation)
    {
        var parameters = grainClass.Constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        var states = new List<IStateSlot>();
        for (var i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (p.GetCustomAttributes(typeof(PersistentStateAttribute), false).FirstOrDefault() is PersistentStateAttribute attr)
            {
                var slot = PersistentStateFactory.Create(p.ParameterType, attr.StateName, activation.GrainId, Storage, Metrics);
                states.Add(slot);
                arguments[i] = slot;
            }
            else if (p.GetCustomAttributes(typeof(JournalAttribute), false).FirstOrDefault() is JournalAttribute journal)
            {
                var slot = PersistentStateFactory.CreateJournal(p.ParameterType, journal.Name, activation.GrainId, Storage, Metrics);
                states.Add(slot);
                arguments[i] = slot;
            }
            else
            {
                arguments[i] = p.ParameterType == typeof(IGrainFactory) ? this
                    : _services.GetService(p.ParameterType) ?? (p.HasDefaultValue ? p.DefaultValue
                        : throw new InvalidOperationException($"{grainClass.ClassType.Name} needs a {p.ParameterType.Name}, which is not registered."));
            }
        }
        // Unwrapped, so a throwing constructor fails the call with its own exception type and message (guarantee 3).
        var grain = (Grain)grainClass.Constructor.Invoke(System.Reflection.BindingFlags.DoNotWrapExceptions, null, arguments, null);
        return (grain, states);
    }

    // ---- lifecycle ----

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await Reminders.StartAsync(cancellationToken);
        _housekeeping = Task.Run(HousekeepingAsync, CancellationToken.None);
    }

    private async Task HousekeepingAsync()
    {
        using var timer = new PeriodicTimer(_options.TimeoutSweepInterval);
        var lastCollection = Stopwatch.GetTimestamp();
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var now = Stopwatch.GetTimestamp();
                var collect = Stopwatch.GetElapsedTime(lastCollection, now) >= _options.CollectionQuantum;
                if (collect) lastCollection = now;
                foreach (var activation in _directory.Values)
                {
                    activation.ExpireCalls(now);
                    if (collect) activation.CollectIfIdle(now, _options.CollectionAge);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Graceful shutdown: running requests finish, every activation deactivates, then storage is idle.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped) return;
        _stopped = true;
        await Reminders.StopAsync();
        var deadline = Task.Delay(_options.ShutdownTimeout, cancellationToken);
        // Loop: a request finishing during shutdown may have activated another grain.
        while (!_directory.IsEmpty && !deadline.IsCompleted)
        {
            var remaining = _directory.Values.ToList();
            foreach (var activation in remaining) activation.RequestDeactivation(DeactivationReason.ShuttingDown);
            await Task.WhenAny(Task.WhenAll(remaining.Select(a => a.Deactivated)), deadline);
        }
        if (!_directory.IsEmpty)
            Logger.LogWarning("Shutdown timed out with {Count} activations still deactivating.", _directory.Count);
        _stopping.Cancel();
        if (_housekeeping is not null) await _housekeeping;
        Metrics.Dispose();
    }
}

public sealed class GrainRuntimeOptions
{
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan TimeoutSweepInterval { get; set; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public List<System.Reflection.Assembly> GrainAssemblies { get; } = [];

    public GrainRuntimeOptions AddGrainAssembly(System.Reflection.Assembly assembly)
    {
        GrainAssemblies.Add(assembly);
        return this;
    }
}
