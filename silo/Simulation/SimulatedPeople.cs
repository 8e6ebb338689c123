using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Geography;

namespace ThreeSocial.Silo.Simulation;

/// <summary>
/// How one simulated person answers one dispatch: whether they ever read the message, how long they take to accept,
/// how their real travel compares with the ETA model, and how long the scene keeps them. Drawn from the seed, the
/// incident and the person alone, so the run and the hindsight plan see the same world.
/// </summary>
public sealed record SimulatedAnswer(bool IgnoresPhone, TimeSpan AcceptAfter, double TravelFactor, TimeSpan Handling)
{
    /// <summary>The fastest answer <see cref="For"/> can draw: no answer is quicker to accept or to travel.</summary>
    public static readonly SimulatedAnswer Quickest = new(false, TimeSpan.FromMinutes(1), 0.8, TimeSpan.FromMinutes(20));

    public static SimulatedAnswer For(int seed, string incidentId, string responderId)
    {
        var random = new Random(StableHash.Of($"{seed}/{incidentId}/{responderId}"));
        return new SimulatedAnswer(
            IgnoresPhone: random.NextDouble() < 0.04, // a phone left in a bag: the acceptance timeout re-dispatches
            AcceptAfter: TimeSpan.FromMinutes(1 + random.NextDouble() * 3),
            TravelFactor: 0.8 + random.NextDouble() * 0.5,
            Handling: TimeSpan.FromMinutes(20 + random.NextDouble() * 40));
    }

    /// <summary>
    /// Real travel time from where the person really is: the ETA model's road estimate without the stale-position
    /// penalty (that is the router's uncertainty, not distance), scaled by this answer's factor.
    /// </summary>
    public TimeSpan Travel(EtaModel eta, TravelMode mode, double fromLongitude, double fromLatitude, double toLongitude, double toLatitude, double detour) =>
        TimeSpan.FromMinutes(eta.Road(fromLongitude, fromLatitude, mode, toLongitude, toLatitude, detour).Minutes * TravelFactor);
}
