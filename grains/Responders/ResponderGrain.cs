using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Responders;

public sealed record ResponderState
{
    public bool OnDuty { get; init; }
    public DateTimeOffset? DutyChangedAt { get; init; }
    public string? DutyChangedBy { get; init; }
    public long Version { get; init; }
}

public sealed class ResponderGrain : Grain, IResponderGrain
{
    private readonly IPersistentState<ResponderState> _responder;
    private readonly ResponderSeed _profile;
    private readonly TimeProvider _clock;

    public ResponderGrain([PersistentState("responder")] IPersistentState<ResponderState> responder, RegionCatalog catalog, TimeProvider clock)
    {
        _responder = responder;
        _clock = clock;
        _profile = catalog.Responder(GetPrimaryKeyString()) ?? throw new KeyNotFoundException($"No responder is registered as {GetPrimaryKeyString()}.");
    }

    public async Task<ResponderStatus> SetDuty(bool onDuty, string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        var state = _responder.State;
        if (state.OnDuty != onDuty)
        {
            _responder.State = new ResponderState { OnDuty = onDuty, DutyChangedAt = ChongqingTime.Now(_clock), DutyChangedBy = actor, Version = state.Version + 1 };
            try
            {
                await _responder.WriteStateAsync();
            }
            catch
            {
                _responder.State = state;
                throw;
            }
        }
        // Told every time, not only on a change: a resend after a failed report heals the community's count.
        await TellCommunity();
        return Status();
    }

    public Task<ResponderStatus> GetStatus() => Task.FromResult(Status());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_responder.RecordExists) await TellCommunity(); // a report lost to a crash arrives now
    }

    private Task TellCommunity() =>
        GrainFactory.GetGrain<ICommunityGrain>(_profile.HomeCommunity).SetResponderDuty(
            new ResponderDuty(_profile.Id, _profile.Role, [.. _profile.Skills], _responder.State.OnDuty, _responder.State.Version));

    private ResponderStatus Status() => new(_profile.Id, _profile.Role, _profile.HomeCommunity, [.. _profile.Skills], _profile.Mode,
        _responder.State.OnDuty, _responder.State.DutyChangedAt, _responder.State.DutyChangedBy);
}
