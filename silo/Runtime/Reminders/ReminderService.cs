using Microsoft.Extensions.Logging;

namespace ThreeSocial.Runtime.Reminders;

/// <summary>
/// Keeps every reminder in memory, ordered by due time, and fires each through a grain turn (activating the
/// grain if needed). The table is written before the in-memory schedule changes, so what a caller was told
/// is registered survives a crash. A tick missed while the process was down fires once at start.
/// Delivery is at least once: a crash between firing and recording the next due time fires again.
/// Time is the host's TimeProvider, so a simulation that runs time faster runs its reminders faster too.
/// </summary>
internal sealed class ReminderService(GrainRuntime runtime, IReminderTable table, ILogger logger, TimeProvider clock)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromMinutes(1);

    private sealed class Slot
    {
        internal ReminderEntry? Entry;
        internal long Version;
        internal int Failures;
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<(GrainId, string), Slot> _slots = [];
    private readonly PriorityQueue<(Slot Slot, long Version), DateTimeOffset> _schedule = new();
    // Striped gates serialise table writes per reminder without a lock object per reminder ever registered.
    private readonly SemaphoreSlim[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    internal int Registered { get { lock (_lock) return _slots.Count; } }

    internal int Due
    {
        get
        {
            var now = clock.GetUtcNow();
            lock (_lock) return _slots.Values.Count(s => s.Entry is { } e && e.Due <= now);
        }
    }

    internal async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in await table.ReadAllAsync(cancellationToken))
        {
            lock (_lock) Schedule(SlotFor(entry.GrainId, entry.Name), entry);
        }
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    internal async Task StopAsync()
    {
        _stop.Cancel();
        await _loop;
    }

    internal async Task RegisterAsync(Grain grain, string name, TimeSpan dueTime, TimeSpan? period)
    {
        if (grain is not IRemindable)
            throw new InvalidOperationException($"{grain.GetType().Name} must implement IRemindable to register reminder '{name}'.");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("A reminder needs a name.", nameof(name));
        if (period is { } p && p <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(period), "A period must be positive; pass null for a one-shot reminder.");
        var entry = new ReminderEntry(grain.GrainId, name, clock.GetUtcNow() + dueTime, period ?? TimeSpan.Zero);
        var gate = Gate(entry.GrainId, name);
        await gate.WaitAsync();
        try
        {
            await table.UpsertAsync(entry);
            lock (_lock) Schedule(SlotFor(entry.GrainId, name), entry);
        }
        finally
        {
            gate.Release();
        }
        Wake();
    }

    internal async Task UnregisterAsync(GrainId grainId, string name)
    {
        var gate = Gate(grainId, name);
        await gate.WaitAsync();
        try
        {
            await table.RemoveAsync(grainId, name);
            lock (_lock) Drop(grainId, name);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            TimeSpan wait;
            List<(Slot, long, ReminderEntry)> due = [];
            lock (_lock)
            {
                while (_schedule.TryPeek(out var next, out var at) && at <= now)
                {
                    _schedule.Dequeue();
                    if (next.Slot.Version == next.Version && next.Slot.Entry is { } entry) due.Add((next.Slot, next.Version, entry));
                }
                wait = _schedule.TryPeek(out _, out var first) ? first - now : TimeSpan.FromSeconds(30);
            }
            foreach (var (slot, version, entry) in due) _ = FireAsync(slot, version, entry, now);
            if (due.Count > 0) continue;
            using var timeout = new CancellationTokenSource(wait < TimeSpan.FromSeconds(30) ? wait : TimeSpan.FromSeconds(30), clock);
            using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _stop.Token);
            try
            {
                await _wake.WaitAsync(either.Token);
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                // the wait ran out: look at the schedule again
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task FireAsync(Slot slot, long version, ReminderEntry entry, DateTimeOffset now)
    {
        try
        {
            await runtime.DeliverReminder(entry, new TickStatus(entry.Due, entry.Period, now));
        }
        catch (Exception ex)
        {
            TimeSpan delay;
            lock (_lock)
            {
                slot.Failures++;
                delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, slot.Failures - 1)));
                if (slot.Version == version) _schedule.Enqueue((slot, version), clock.GetUtcNow() + delay);
            }
            if (!_stop.IsCancellationRequested)
                logger.LogWarning(ex, "Reminder {Name} of {GrainId} failed; retrying in {Delay}.", entry.Name, entry.GrainId, delay);
            Wake();
            return;
        }

        var gate = Gate(entry.GrainId, entry.Name);
        await gate.WaitAsync();
        try
        {
            lock (_lock)
            {
                if (slot.Version != version) return; // re-registered or removed meanwhile; that change is already stored
                slot.Failures = 0;
            }
            if (entry.IsOneShot)
            {
                await table.RemoveAsync(entry.GrainId, entry.Name);
                lock (_lock) if (slot.Version == version) Drop(entry.GrainId, entry.Name);
            }
            else
            {
                var next = entry with { Due = NextDue(entry, clock.GetUtcNow()) };
                await table.UpsertAsync(next);
                lock (_lock) if (slot.Version == version) Schedule(slot, next);
            }
        }
        catch (Exception ex)
        {
            // The tick was delivered but its bookkeeping was not stored: it will fire again (at least once).
            logger.LogWarning(ex, "Could not record the tick of reminder {Name} of {GrainId}.", entry.Name, entry.GrainId);
            lock (_lock) if (slot.Version == version) _schedule.Enqueue((slot, version), clock.GetUtcNow() + MaxRetryDelay);
        }
        finally
        {
            gate.Release();
        }
        Wake();
    }

    /// <summary>The first tick after <paramref name="now"/> on the reminder's period grid: missed ticks collapse into one.</summary>
    internal static DateTimeOffset NextDue(ReminderEntry entry, DateTimeOffset now)
    {
        if (entry.Due > now) return entry.Due;
        var missed = (now - entry.Due).Ticks / entry.Period.Ticks + 1;
        return entry.Due + TimeSpan.FromTicks(missed * entry.Period.Ticks);
    }

    private Slot SlotFor(GrainId grainId, string name)
    {
        if (!_slots.TryGetValue((grainId, name), out var slot)) _slots[(grainId, name)] = slot = new Slot();
        return slot;
    }

    private void Schedule(Slot slot, ReminderEntry entry)
    {
        slot.Entry = entry;
        slot.Version++;
        _schedule.Enqueue((slot, slot.Version), entry.Due);
    }

    private void Drop(GrainId grainId, string name)
    {
        if (!_slots.Remove((grainId, name), out var slot)) return;
        slot.Entry = null;
        slot.Version++;
    }

    private SemaphoreSlim Gate(GrainId grainId, string name) =>
        _gates[(uint)HashCode.Combine(grainId, name) % (uint)_gates.Length];

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0) _wake.Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }
}
