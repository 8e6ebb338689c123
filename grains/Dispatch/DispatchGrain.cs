using Microsoft.Extensions.Options;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Grains.Responders;

namespace ThreeSocial.Grains.Dispatch;

/// <summary>
/// Holds its board in memory only: on activation it is rebuilt from the communities (who is on duty, stored there)
/// and the responders themselves; afterwards every responder pushes its changes. Reentrant, so requests join the
/// round that is gathering while an earlier caller waits for it.
/// </summary>
[Reentrant]
public sealed class DispatchGrain(RegionCatalog catalog, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock, IOptions<DispatchOptions> options) : Grain, IDispatchGrain
{
    private readonly DispatchOptions _options = options.Value;
    private EtaModel Eta => _eta ??= new EtaModel(_options.Eta);
    private EtaModel? _eta;

    /// <summary>Everyone on duty in the district as they last reported; a round picks from those free and not held.</summary>
    private readonly BoardPool _pool = new();

    /// <summary>
    /// Responders picked in a round, held back from the next rounds until they report their new state or the hold
    /// runs out: a pick the incident did not use (a late mutual-aid offer, say) must not vanish from the board.
    /// </summary>
    private readonly Dictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    private static readonly TimeSpan HoldFor = TimeSpan.FromMinutes(2);
    private List<(DispatchRequest Request, TaskCompletionSource<DispatchDecision> Answer)> _gathering = [];

    private string District => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (catalog.Find(District) is not { Level: Geography.RegionLevel.District })
            throw new Common.NotFoundException("missing.district", District);
        var communities = catalog.Children(District).SelectMany(street => catalog.Children(street.Code)).ToList();
        var onDuty = await Task.WhenAll(communities.Select(c => GrainFactory.GetGrain<ICommunityGrain>(c.Code).GetOnDuty()));
        var states = await Task.WhenAll(onDuty.SelectMany(ids => ids).Select(id => GrainFactory.GetGrain<IResponderGrain>(id).GetAvailability()));
        foreach (var a in states) Keep(a);
    }

    public Task UpdateResponder(ResponderAvailability availability)
    {
        Keep(availability);
        return Task.CompletedTask;
    }

    private void Keep(ResponderAvailability availability)
    {
        if (_pool.Find(availability.Id) is { } known && known.Version >= availability.Version) return; // nothing new; a hold stays
        _held.Remove(availability.Id);
        _pool.Set(availability);
    }

    public Task<DispatchDecision> Dispatch(DispatchRequest request)
    {
        var answer = new TaskCompletionSource<DispatchDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        _gathering.Add((request, answer));
        if (_gathering.Count == 1) _ = DecideRoundAsync();
        return answer.Task;
    }

    private async Task DecideRoundAsync()
    {
        // With no window, a round still takes everyone already queued behind the first: under load rounds grow by
        // themselves, and a lone report is decided at once.
        if (_options.RoundWindow > TimeSpan.Zero) await Task.Delay(_options.RoundWindow);
        else await Task.Yield();
        var round = _gathering;
        _gathering = [];
        try
        {
            var now = clock.GetUtcNow();
            foreach (var expired in _held.Where(h => h.Value <= now).Select(h => h.Key).ToList())
            {
                _held.Remove(expired);
                if (_pool.Find(expired) is { } known) _pool.Set(known);
            }
            var decisions = JointPlanner.Plan([.. round.Select(r => r.Request)], _pool, Eta, District, District, now, _options.Strategy, _options.Reserve);
            foreach (var pick in decisions.SelectMany(d => d.Picks))
            {
                _held[pick.ResponderId] = now + HoldFor;
                _pool.Take(pick.ResponderId);
            }
            for (var i = 0; i < round.Count; i++) round[i].Answer.SetResult(decisions[i]);
        }
        catch (Exception ex)
        {
            foreach (var (_, answer) in round) answer.TrySetException(ex);
        }
    }
}
