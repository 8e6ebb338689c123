using System.Reflection;

namespace ThreeSocial.Runtime;

/// <summary>
/// What callers hold instead of a grain: every interface call becomes a request queued on the grain's activation.
/// Public and unsealed only because DispatchProxy derives the concrete proxy type from it.
/// </summary>
public class GrainProxy : DispatchProxy
{
    private GrainRuntime _runtime = null!;
    private GrainInterfaceInfo _info = null!;
    private Activation? _activation; // cached; re-resolved when the activation is gone

    public GrainId GrainId { get; private set; }

    internal static object Create(GrainRuntime runtime, GrainInterfaceInfo info, GrainId id)
    {
        var proxy = (GrainProxy)Create(info.InterfaceType, typeof(GrainProxy));
        proxy._runtime = runtime;
        proxy._info = info;
        proxy.GrainId = id;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var invoker = _info.Invokers[method!];
        var request = invoker.CreateRequest(invoker, args ?? []);
        _runtime.Send(GrainId, _info.Class, ref _activation, request, invoker.Timeout);
        return request.CallerTask;
    }

    public override bool Equals(object? obj) => obj is GrainProxy other && other.GrainId == GrainId;

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => GrainId.ToString();
}
