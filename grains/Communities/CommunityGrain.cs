using System.Collections.Immutable;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Communities;

public sealed record CommunityState
{
    public ImmutableDictionary<string, ResponderDuty> Responders { get; init; } = ImmutableDictionary<string, ResponderDuty>.Empty;
    public long Version { get; init; }
}

public sealed class CommunityGrain : Grain, ICommunityGrain
{
    private readonly IPersistentState<CommunityState> _community;
    private readonly ParentReporter _street;

    public CommunityGrain([PersistentState("community")] IPersistentState<CommunityState> community, IGrainFactory grains)
    {
        _community = community;
        _street = new ParentReporter(grains, GetPrimaryKeyString());
    }

    public async Task SetResponderDuty(ResponderDuty duty)
    {
        var state = _community.State;
        if (state.Responders.TryGetValue(duty.ResponderId, out var known) && known.Version >= duty.Version) return; // repeat or stale
        _community.State = new CommunityState { Responders = state.Responders.SetItem(duty.ResponderId, duty), Version = state.Version + 1 };
        try
        {
            await _community.WriteStateAsync();
        }
        catch
        {
            _community.State = state;
            throw;
        }
        _street.Report(_community.State.Version, Totals());
    }

    public Task<CommunityLiveStatus> GetStatus()
    {
        var onDuty = _community.State.Responders.Values.Where(r => r.OnDuty).ToList();
        var bySkill = onDuty.SelectMany(r => r.Skills).GroupBy(s => s).ToImmutableSortedDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var t = Totals();
        return Task.FromResult(new CommunityLiveStatus(GetPrimaryKeyString(), t.GridWorkersOnDuty, t.VolunteersOnDuty, t.SocialWorkersOnDuty, t.PropertyStaffOnDuty, bySkill));
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_community.RecordExists) _street.Report(_community.State.Version, Totals()); // heals a report lost to a crash
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _street.Drained.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);

    private RollupTotals Totals()
    {
        var onDuty = _community.State.Responders.Values.Where(r => r.OnDuty).ToList();
        return new RollupTotals
        {
            GridWorkersOnDuty = onDuty.Count(r => r.Role == ResponderRole.GridWorker),
            VolunteersOnDuty = onDuty.Count(r => r.Role == ResponderRole.Volunteer),
            SocialWorkersOnDuty = onDuty.Count(r => r.Role == ResponderRole.SocialWorker),
            PropertyStaffOnDuty = onDuty.Count(r => r.Role == ResponderRole.PropertyStaff),
        };
    }
}
