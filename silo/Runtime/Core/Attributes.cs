namespace ThreeSocial.Runtime;

/// <summary>Requests of a reentrant grain interleave at await points (never in parallel).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>The method interleaves with any other request of the grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>The method does not change state: it interleaves with other [ReadOnly] methods only.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;

/// <summary>Overrides the runtime's response timeout for one interface method.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ResponseTimeoutAttribute(string timeSpan) : Attribute
{
    public TimeSpan Timeout { get; } = TimeSpan.Parse(timeSpan, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How long an activation of this grain class may stay idle before it is collected.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CollectionAgeLimitAttribute : Attribute
{
    public double Minutes { get; init; }
    public double Seconds { get; init; }
    public TimeSpan Age => TimeSpan.FromMinutes(Minutes) + TimeSpan.FromSeconds(Seconds);
}

/// <summary>Names the grain type (used in grain ids and storage keys). Defaults to the class name without "Grain", lower-cased.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>Marks a constructor parameter of type IPersistentState&lt;T&gt; with the state's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    public string StateName { get; } = stateName;
}

/// <summary>Marks a constructor parameter of type IJournal&lt;TState, TEvent&gt; with the journal's name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class JournalAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
