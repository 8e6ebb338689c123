namespace ThreeSocial.Runtime;

/// <summary>One message to an activation: a grain call, a timer tick or a reminder delivery.</summary>
internal abstract class Request
{
    internal long EnqueuedAt;               // Stopwatch ticks
    internal long Deadline = long.MaxValue; // Stopwatch ticks; the caller times out after this
    internal bool ReadOnly;
    internal bool AlwaysInterleave;
    internal bool KeepsAlive = true;        // does it count as activity for idle collection?
    internal bool Forwardable = true;       // may it move to a new activation? Timer ticks belong to theirs.

    internal abstract string Name { get; }

    /// <summary>What the caller awaits: Task or Task&lt;T&gt; matching the interface method.</summary>
    internal abstract Task CallerTask { get; }

    internal abstract Task Invoke(Grain grain);

    /// <summary>Copies the outcome of the finished grain task to the caller.</summary>
    internal abstract void Complete(Task finished);

    internal abstract void Fail(Exception error);

    /// <summary>The caller already has an outcome (a result, or a timeout).</summary>
    internal abstract bool Answered { get; }
}

internal class CallRequest<T> : Request
{
    private readonly TaskCompletionSource<T> _caller = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly MethodInvoker? _invoker;
    private readonly object?[] _args;

    internal CallRequest(MethodInvoker invoker, object?[] args)
    {
        _invoker = invoker;
        _args = args;
        ReadOnly = invoker.ReadOnly;
        AlwaysInterleave = invoker.AlwaysInterleave;
    }

    protected CallRequest() => _args = [];

    internal Task<T> Task => _caller.Task;

    internal override Task CallerTask => _caller.Task;

    internal override string Name => _invoker!.Name;

    internal override Task Invoke(Grain grain) => _invoker!.Call(grain, _args);

    internal override void Complete(Task finished)
    {
        if (finished.IsCompletedSuccessfully) _caller.TrySetResult(ResultOf(finished));
        else if (finished.IsFaulted) _caller.TrySetException(finished.Exception!.InnerExceptions);
        else _caller.TrySetCanceled();
    }

    protected virtual T ResultOf(Task finished) => ((Task<T>)finished).Result;

    internal override void Fail(Exception error) => _caller.TrySetException(error);

    internal override bool Answered => _caller.Task.IsCompleted;
}

/// <summary>A call to a method that returns a plain Task.</summary>
internal sealed class VoidCallRequest(MethodInvoker invoker, object?[] args) : CallRequest<object?>(invoker, args)
{
    protected override object? ResultOf(Task finished) => null;
}

/// <summary>Runtime-originated work (timer ticks, reminders) that runs as a turn of the activation.</summary>
internal sealed class TurnRequest(string name, Func<Grain, Task> body) : CallRequest<object?>
{
    internal override string Name => name;

    internal override Task Invoke(Grain grain) => body(grain);

    protected override object? ResultOf(Task finished) => null;
}
