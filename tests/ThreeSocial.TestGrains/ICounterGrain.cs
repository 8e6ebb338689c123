namespace ThreeSocial.TestGrains;

/// <summary>
/// The smallest real grain: a durable counter. The runtime's tests and benchmarks drive it through the same
/// proxy, turn scheduling and storage path the domain grains use.
/// </summary>
[Alias("ts.ICounterGrain")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one and answers only once the new value is durable.</summary>
    Task<long> Increment();

    Task<long> Get();

    Task Reset();
}
