using System.Collections.Immutable;
using Orleans;
using Orleans.Concurrency;

namespace ThreeSocial.Events;

/// <summary>A silo's receiving end: events published on another silo, to publish here as if a grain here had.</summary>
[Alias("ts.IEventRelay")]
public interface IEventRelay : IGrainObserver
{
    [OneWay] Task Deliver(ImmutableArray<object> payloads);
}
