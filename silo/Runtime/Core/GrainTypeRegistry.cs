using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Reflection;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Runtime;

/// <summary>How to call one grain interface method, built once with compiled expressions.</summary>
internal sealed class MethodInvoker
{
    internal required string Name { get; init; }
    internal required Func<object, object?[], Task> Call { get; init; }
    internal required Func<MethodInvoker, object?[], Request> CreateRequest { get; init; }
    internal bool ReadOnly { get; init; }
    internal bool AlwaysInterleave { get; init; }
    internal TimeSpan? Timeout { get; init; }
}

internal sealed class GrainClassInfo
{
    internal required Type ClassType { get; init; }
    internal required string TypeName { get; init; }
    internal bool Reentrant { get; init; }
    internal TimeSpan? CollectionAge { get; init; }
    internal bool Remindable { get; init; }
    internal required ConstructorInfo Constructor { get; init; }
}

internal sealed class GrainInterfaceInfo
{
    internal required Type InterfaceType { get; init; }
    internal required GrainClassInfo Class { get; init; }
    internal required FrozenDictionary<MethodInfo, MethodInvoker> Invokers { get; init; }
}

/// <summary>Finds grain classes and their interfaces in the registered assemblies.</summary>
internal sealed class GrainTypeRegistry
{
    private static readonly HashSet<Type> RuntimeInterfaces = [typeof(IGrain), typeof(IGrainWithStringKey), typeof(IRemindable)];

    private readonly FrozenDictionary<Type, GrainInterfaceInfo> _interfaces;
    private readonly FrozenDictionary<string, GrainClassInfo> _classes;

    internal GrainTypeRegistry(IEnumerable<Assembly> assemblies)
    {
        var interfaces = new Dictionary<Type, GrainInterfaceInfo>();
        var classes = new Dictionary<string, GrainClassInfo>();
        foreach (var type in assemblies.Distinct().SelectMany(a => a.GetTypes()))
        {
            if (!type.IsClass || type.IsAbstract || !typeof(Grain).IsAssignableFrom(type)) continue;
            var info = DescribeClass(type);
            if (!classes.TryAdd(info.TypeName, info))
                throw new InvalidOperationException($"Two grain classes share the grain type name '{info.TypeName}': {classes[info.TypeName].ClassType} and {type}.");
            foreach (var iface in type.GetInterfaces().Where(i => typeof(IGrain).IsAssignableFrom(i) && !RuntimeInterfaces.Contains(i)))
            {
                if (interfaces.TryGetValue(iface, out var existing))
                    throw new InvalidOperationException($"Grain interface {iface} is implemented by both {existing.Class.ClassType} and {type}.");
                interfaces[iface] = new GrainInterfaceInfo { InterfaceType = iface, Class = info, Invokers = BuildInvokers(iface) };
            }
        }
        _interfaces = interfaces.ToFrozenDictionary();
        _classes = classes.ToFrozenDictionary();
    }

    internal IEnumerable<GrainClassInfo> Classes => _classes.Values;

    internal GrainInterfaceInfo GetInterface(Type interfaceType) =>
        _interfaces.TryGetValue(interfaceType, out var info)
            ? info
            : throw new ArgumentException($"No registered grain class implements {interfaceType.FullName}. " +
                                          "Register the assembly that holds it with GrainRuntimeOptions.AddGrainAssembly.", nameof(interfaceType));

    internal GrainClassInfo? FindClass(string typeName) => _classes.GetValueOrDefault(typeName);

    private static GrainClassInfo DescribeClass(Type type)
    {
        var constructors = type.GetConstructors();
        if (constructors.Length == 0)
            throw new InvalidOperationException($"Grain class {type} needs a public constructor.");
        return new GrainClassInfo
        {
            ClassType = type,
            TypeName = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? DefaultTypeName(type),
            Reentrant = type.GetCustomAttribute<ReentrantAttribute>() is not null,
            CollectionAge = type.GetCustomAttribute<CollectionAgeLimitAttribute>()?.Age,
            Remindable = typeof(IRemindable).IsAssignableFrom(type),
            Constructor = constructors.MaxBy(c => c.GetParameters().Length)!,
        };
    }

    private static string DefaultTypeName(Type type)
    {
        var name = type.Name;
        if (name.EndsWith("Grain", StringComparison.Ordinal) && name.Length > 5) name = name[..^5];
        return name.ToLowerInvariant();
    }

    private static FrozenDictionary<MethodInfo, MethodInvoker> BuildInvokers(Type iface)
    {
        var methods = new[] { iface }.Concat(iface.GetInterfaces())
            .Where(i => !RuntimeInterfaces.Contains(i))
            .SelectMany(i => i.GetMethods());
        return methods.ToFrozenDictionary(m => m, BuildInvoker);
    }

    private static MethodInvoker BuildInvoker(MethodInfo method)
    {
        var name = $"{method.DeclaringType!.Name}.{method.Name}";
        if (method.IsGenericMethodDefinition)
            throw new InvalidOperationException($"Grain method {name} is generic; grain methods cannot be.");
        var returnType = method.ReturnType;
        Type? resultType = returnType == typeof(Task) ? null
            : returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0]
            : throw new InvalidOperationException($"Grain method {name} returns {returnType.Name}; grain methods return Task or Task<T>.");

        var grain = Expression.Parameter(typeof(object), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var arguments = method.GetParameters().Select((p, i) =>
            Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType), method, arguments);
        var compiled = Expression.Lambda<Func<object, object?[], Task>>(Expression.Convert(call, typeof(Task)), grain, args).Compile();

        return new MethodInvoker
        {
            Name = name,
            Call = compiled,
            CreateRequest = resultType is null ? static (i, a) => new VoidCallRequest(i, a) : RequestFactory(resultType),
            ReadOnly = method.GetCustomAttribute<ReadOnlyAttribute>() is not null,
            AlwaysInterleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null,
            Timeout = method.GetCustomAttribute<ResponseTimeoutAttribute>()?.Timeout,
        };
    }

    private static Func<MethodInvoker, object?[], Request> RequestFactory(Type resultType) =>
        (Func<MethodInvoker, object?[], Request>)typeof(GrainTypeRegistry)
            .GetMethod(nameof(TypedRequestFactory), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType)
            .Invoke(null, null)!;

    private static Func<MethodInvoker, object?[], Request> TypedRequestFactory<T>() => static (i, a) => new CallRequest<T>(i, a);
}
