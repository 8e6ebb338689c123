using System.Diagnostics;
using Microsoft.Extensions.Logging;
using ThreeSocial.Runtime.Storage;
using ThreeSocial.Runtime.Timers;

namespace ThreeSocial.Runtime;

internal enum ActivationState { Created, Activating, Valid, Deactivating, Invalid }

/// <summary>
/// One live instance of a grain. It is its own SynchronizationContext: every await in grain code posts its
/// continuation back here, and one thread-pool work item at a time drains the queue, so grain code never runs
/// on two threads at once. Requests wait in the inbox until the interleaving rules admit them.
/// </summary>
internal sealed class Activation : SynchronizationContext, IThreadPoolWorkItem
{
    private const int TurnsPerDispatch = 128; // then yield the thread so one hot grain cannot starve others

    private static long s_nextId;

    private readonly Lock _lock = new();
    private readonly Queue<Request> _inbox = new();
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _posted = new();
    private readonly List<Request> _running = new(1);
    private readonly List<GrainTimer> _timers = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly GrainClassInfo _class;

    private ActivationState _state = ActivationState.Created;
    private DeactivationReason? _pendingDeactivation;
    private bool _scheduled;
    private int _runningReadOnly;
    private int _runningInterleaved;
    private long _lastActive = Stopwatch.GetTimestamp();
    private Grain? _grain;
    private IReadOnlyList<IStateSlot> _states = [];

    internal Activation(GrainId grainId, GrainClassInfo grainClass, GrainRuntime runtime)
    {
        GrainId = grainId;
        _class = grainClass;
        Runtime = runtime;
        Id = Interlocked.Increment(ref s_nextId);
    }

    internal GrainId GrainId { get; }
    internal long Id { get; }
    internal GrainRuntime Runtime { get; }
    internal string TypeName => _class.TypeName;
    internal Task Deactivated => _deactivated.Task;
    internal int QueueLength => _inbox.Count; // read without the lock: a gauge, not a decision

    /// <summary>The grain object itself, for the benchmark that compares a grain call with a direct call on it.</summary>
    internal Grain? Instance => _grain;

    // ---- entry points from other threads ----

    /// <summary>Queues a request; false when this activation is gone and the caller must find a new one.</summary>
    internal bool TryEnqueue(Request request)
    {
        bool schedule;
        lock (_lock)
        {
            if (_state == ActivationState.Invalid) return false;
            _inbox.Enqueue(request);
            schedule = ScheduleIfRunnableLocked();
        }
        if (schedule) Dispatch();
        return true;
    }

    public override void Post(SendOrPostCallback d, object? state)
    {
        bool schedule;
        lock (_lock)
        {
            _posted.Enqueue((d, state));
            schedule = !_scheduled;
            _scheduled = true;
        }
        if (schedule) Dispatch();
    }

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException("Synchronous Send onto a grain activation would block its turn.");

    public override SynchronizationContext CreateCopy() => this;

    internal void RequestDeactivation(DeactivationReason reason)
    {
        bool schedule, neverActivated = false;
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid) return;
            // Shutdown outranks an idle or application request already pending.
            if (_pendingDeactivation is null || reason.Code == DeactivationReasonCode.ShuttingDown)
                _pendingDeactivation = reason;
            if (_state == ActivationState.Created)
            {
                _state = ActivationState.Invalid; // nothing ran yet, so nothing to deactivate
                neverActivated = true;
            }
            schedule = !neverActivated && ScheduleIfRunnableLocked();
        }
        if (neverActivated) FinishInvalid();
        else if (schedule) Dispatch();
    }

    /// <summary>Starts idle collection when the activation has done nothing that keeps it alive for <paramref name="age"/>.</summary>
    internal void CollectIfIdle(long now, TimeSpan defaultAge)
    {
        var age = _class.CollectionAge ?? defaultAge;
        lock (_lock)
        {
            if (_state != ActivationState.Valid || _pendingDeactivation is not null) return;
            if (_running.Count > 0 || _inbox.Count > 0) return;
            if (Stopwatch.GetElapsedTime(_lastActive, now) < age) return;
        }
        RequestDeactivation(DeactivationReason.Idle);
    }

    /// <summary>Answers callers whose response timeout has passed. Running requests keep running; queued ones are dropped later.</summary>
    internal void ExpireCalls(long now)
    {
        if (_running.Count == 0 && _inbox.Count == 0) return;
        List<Request>? expired = null;
        lock (_lock)
        {
            foreach (var r in _running) if (r.Deadline < now && !r.Answered) (expired ??= []).Add(r);
            foreach (var r in _inbox) if (r.Deadline < now && !r.Answered) (expired ??= []).Add(r);
        }
        if (expired is null) return;
        foreach (var r in expired) r.Fail(Timeout(r));
    }

    internal GrainTimer RegisterTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        var timer = new GrainTimer(this, callback, options);
        lock (_lock)
        {
            if (_state is ActivationState.Deactivating or ActivationState.Invalid)
                throw new InvalidOperationException($"{GrainId} is deactivating; it cannot register timers.");
            _timers.Add(timer);
        }
        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock) _timers.Remove(timer);
    }

    // ---- the turn loop ----

    // Local queue: the caller usually awaits right after sending, so its own thread runs the turn next, cache-warm.
    // A yield after a full budget goes to the global FIFO queue instead, behind everyone else (the local one is LIFO).
    private void Dispatch(bool yielding = false) => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: !yielding);

    private bool ScheduleIfRunnableLocked()
    {
        if (_scheduled || !HasRunnableWorkLocked()) return false;
        _scheduled = true;
        return true;
    }

    private bool HasRunnableWorkLocked() => _posted.Count > 0 || _state switch
    {
        ActivationState.Created => true,
        ActivationState.Valid => (_pendingDeactivation is not null && _running.Count == 0)
                                 || (_inbox.Count > 0 && (_inbox.Peek().Answered || CanAdmitLocked(_inbox.Peek()))),
        _ => false,
    };

    private bool CanAdmitLocked(Request request)
    {
        if (_running.Count == 0) return true;
        if (_class.Reentrant || request.AlwaysInterleave) return true;
        if (_runningInterleaved == _running.Count) return true; // only [AlwaysInterleave] work is running
        return request.ReadOnly && _runningReadOnly + _runningInterleaved == _running.Count;
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            for (var turn = 0; turn < TurnsPerDispatch; turn++)
            {
                if (!RunNext()) return;
            }
            Dispatch(yielding: true); // still scheduled: continue on a fresh work item
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }

    private enum Step { None, Posted, Activate, Start, Deactivate }

    /// <summary>Takes one unit of work under the lock and runs it outside; false when there is nothing left.</summary>
    private bool RunNext()
    {
        Step step;
        (SendOrPostCallback Callback, object? State) posted = default;
        Request? request = null;
        DeactivationReason reason = default;
        List<Request>? dropped = null;
        lock (_lock)
        {
            step = TakeLocked(ref posted, ref request, ref reason, ref dropped);
            if (step == Step.None) _scheduled = false;
        }
        if (dropped is not null) foreach (var r in dropped) r.Fail(Timeout(r));

        switch (step)
        {
            case Step.Posted: posted.Callback(posted.State); break;
            case Step.Activate: Observe(ActivateAsync(), OnActivated); break;
            case Step.Start: StartRequest(request!); break;
            case Step.Deactivate: Observe(DeactivateAsync(reason), _ => FinishInvalid()); break;
            default: return false;
        }
        return true;
    }

    private Step TakeLocked(ref (SendOrPostCallback, object?) posted, ref Request? request, ref DeactivationReason reason, ref List<Request>? dropped)
    {
        if (_posted.TryDequeue(out posted)) return Step.Posted;
        if (_state == ActivationState.Created)
        {
            _state = ActivationState.Activating;
            return Step.Activate;
        }
        if (_state != ActivationState.Valid) return Step.None;

        if (_pendingDeactivation is { } pending && _running.Count == 0)
        {
            _pendingDeactivation = null;
            // An idle collection loses to a request that arrived meanwhile: the activation is busy again.
            if (pending.Code != DeactivationReasonCode.ActivationIdle || _inbox.Count == 0)
            {
                _state = ActivationState.Deactivating;
                reason = pending;
                return Step.Deactivate;
            }
        }

        var now = Stopwatch.GetTimestamp();
        while (_inbox.TryPeek(out var head))
        {
            if (head.Answered || head.Deadline < now)
            {
                // The caller has given up: never execute it.
                _inbox.Dequeue();
                if (!head.Answered) (dropped ??= []).Add(head);
                Runtime.Metrics.DroppedExpired();
                continue;
            }
            if (!CanAdmitLocked(head)) break;
            _inbox.Dequeue();
            _running.Add(head);
            if (head.ReadOnly) _runningReadOnly++;
            if (head.AlwaysInterleave) _runningInterleaved++;
            request = head;
            return Step.Start;
        }
        return Step.None;
    }

    private static void Observe(Task task, Action<Task> onDone)
    {
        if (task.IsCompleted) onDone(task);
        else task.GetAwaiter().UnsafeOnCompleted(() => onDone(task)); // resumes on this activation's context
    }

    private void StartRequest(Request request)
    {
        Task task;
        try
        {
            task = request.Invoke(_grain!);
        }
        catch (Exception ex)
        {
            task = Task.FromException(ex); // a synchronous throw reaches the caller as a faulted Task
        }
        Observe(task, finished => OnRequestDone(request, finished));
    }

    private void OnRequestDone(Request request, Task finished)
    {
        request.Complete(finished);
        var now = Stopwatch.GetTimestamp();
        Runtime.Metrics.TurnCompleted(request.EnqueuedAt, now);
        lock (_lock)
        {
            _running.Remove(request);
            if (request.ReadOnly) _runningReadOnly--;
            if (request.AlwaysInterleave) _runningInterleaved--;
            if (request.KeepsAlive) _lastActive = now;
        }
        if (finished.Exception?.InnerExceptions.Any(e => e is InconsistentStateException) == true)
        {
            Runtime.Logger.LogWarning("ETag conflict escaped {Method} on {GrainId}; deactivating this activation.", request.Name, GrainId);
            RequestDeactivation(DeactivationReason.InconsistentState);
        }
    }

    private async Task ActivateAsync()
    {
        Grain.Constructing = this;
        try
        {
            (_grain, _states) = Runtime.CreateGrain(_class, this);
        }
        finally
        {
            Grain.Constructing = null;
        }
        foreach (var state in _states) await state.ReadStateAsync();
        await _grain.OnActivateAsync(Runtime.Stopping);
    }

    private void OnActivated(Task activation)
    {
        if (activation.IsCompletedSuccessfully)
        {
            lock (_lock)
            {
                _state = ActivationState.Valid;
                _lastActive = Stopwatch.GetTimestamp();
            }
            Runtime.Metrics.Activated(TypeName);
            return;
        }
        var error = activation.Exception?.InnerException ?? new TaskCanceledException("Activation was canceled.");
        Runtime.Logger.LogWarning(error, "Activation of {GrainId} failed.", GrainId);
        List<Request> queued;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            queued = [.. _inbox];
            _inbox.Clear();
        }
        DisposeTimers();
        Runtime.Forget(this);
        foreach (var r in queued) r.Fail(error); // everything that waited on this activation fails the same way
        _deactivated.TrySetResult();
    }

    private async Task DeactivateAsync(DeactivationReason reason)
    {
        DisposeTimers();
        try
        {
            await _grain!.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            Runtime.Logger.LogError(ex, "OnDeactivateAsync of {GrainId} threw; the activation is removed anyway.", GrainId);
        }
    }

    /// <summary>Leaves the directory; requests that queued meanwhile go to a fresh activation.</summary>
    private void FinishInvalid()
    {
        List<Request> queued;
        lock (_lock)
        {
            _state = ActivationState.Invalid;
            queued = [.. _inbox];
            _inbox.Clear();
        }
        Runtime.Forget(this);
        if (_grain is not null) Runtime.Metrics.Deactivated(TypeName);
        foreach (var r in queued)
        {
            if (r.Forwardable) Runtime.Resend(GrainId, _class, r);
            else r.Fail(new ObjectDisposedException(GrainId.ToString(), "The activation this work belonged to is gone."));
        }
        _deactivated.TrySetResult();
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
            _timers.Clear();
        }
        foreach (var t in timers) t.Dispose();
    }

    private TimeoutException Timeout(Request r) =>
        new($"{GrainId}: {r.Name} did not answer within its response timeout " +
            $"({Stopwatch.GetElapsedTime(r.EnqueuedAt, r.Deadline).TotalSeconds:0.###} s).");
}
