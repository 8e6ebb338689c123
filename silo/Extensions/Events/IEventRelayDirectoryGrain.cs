using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace ThreeSocial.Events;

/// <summary>Where the silos' relays find each other (one activation in the cluster, in memory: silos join again often).</summary>
[Alias("ts.IEventRelayDirectoryGrain")]
public interface IEventRelayDirectoryGrain : IGrainWithIntegerKey
{
    /// <summary>Registers or refreshes a relay; answers every relay registered, the caller's own included.</summary>
    Task<ImmutableArray<IEventRelay>> Join(IEventRelay relay);
}
