using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Utilities;

namespace ThreeSocial.Events;

internal sealed class EventRelayDirectoryGrain(ILogger<EventRelayDirectoryGrain> logger) : Grain, IEventRelayDirectoryGrain
{
    private readonly ObserverManager<IEventRelay> _relays = new(EventRelay.JoinEvery * 3, logger);

    public Task<ImmutableArray<IEventRelay>> Join(IEventRelay relay)
    {
        _relays.Subscribe(relay, relay);
        _relays.ClearExpired(); // a silo that stopped joining has gone
        return Task.FromResult(_relays.ToImmutableArray());
    }
}
