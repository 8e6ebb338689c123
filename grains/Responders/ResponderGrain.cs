using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Dispatch;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Events;
using ThreeSocial.Storage;

namespace ThreeSocial.Grains.Responders;

public sealed class ResponderGrain : Grain, IResponderGrain
{
    private readonly IPersistentState<ResponderState> _responder;
    private ResponderSeed? _profile;
    private readonly TimeProvider _clock;
    private readonly RegionCatalog _catalog;
    private readonly EventStream _events;

    public ResponderGrain([PersistentState("responder")] IPersistentState<ResponderState> responder, RegionCatalog catalog, [FromKeyedServices(TimeProviderNames.Grains)] TimeProvider clock,
        EventStream events)
    {
        _responder = responder;
        _events = events;
        _clock = clock;
        _catalog = catalog;
    }

    /// <summary>Looked up on first use, not in the constructor: Orleans reports a constructor's exception as its own.</summary>
    private ResponderSeed Profile => _profile ??=
        _catalog.Responder(this.GetPrimaryKeyString()) ?? throw new NotFoundException("missing.responder", this.GetPrimaryKeyString());

    public async Task<ResponderStatus> SetDuty(bool onDuty, string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        var state = _responder.State;
        if (state.OnDuty != onDuty)
        {
            await Change(state with
            {
                Duty = onDuty ? DutyState.Available : DutyState.OffDuty,
                Assignment = onDuty ? state.Assignment : null,
                DutyChangedAt = ChongqingTime.Now(_clock), DutyChangedBy = actor,
            });
            // Told without waiting: the incident calls responders, never the other way round with an await (no call cycles).
            if (!onDuty && state.Assignment is { } incident)
                _ = GrainFactory.GetGrain<IIncidentGrain>(incident).ResponderWentOffDuty(Profile.Id, actor);
        }
        // Told every time, not only on a change: a resend after a failed report heals the community's count.
        await TellCommunity();
        return Status();
    }

    public async Task<ResponderStatus> ReportPosition(Position position)
    {
        var bounds = _catalog.Bounds;
        if (!double.IsFinite(position.Longitude) || !double.IsFinite(position.Latitude)
            || position.Longitude < bounds.MinX - 0.5 || position.Longitude > bounds.MaxX + 0.5
            || position.Latitude < bounds.MinY - 0.5 || position.Latitude > bounds.MaxY + 0.5)
            throw new InvalidRequestException(nameof(position), "invalid.position-far", position.Longitude, position.Latitude);
        var now = _clock.GetUtcNow();
        if (position.At > now.AddMinutes(2) || position.At < now.AddDays(-1))
            throw new InvalidRequestException(nameof(position.At), "invalid.position-time");
        if (position.AccuracyMeters is < 0 or > 100_000) throw new InvalidRequestException(nameof(position.AccuracyMeters), "invalid.position-accuracy");
        var state = _responder.State;
        if (state.LastPosition is { } held && held.At >= position.At) return Status(); // a late or repeated fix
        await Change(state with { LastPosition = position });
        return Status();
    }

    public Task<ResponderAvailability> GetAvailability() => Task.FromResult(Availability());

    public async Task<bool> Assign(string incidentId)
    {
        var state = _responder.State;
        if (state.Assignment == incidentId) return true;
        if (state.Duty != DutyState.Available)
        {
            TellBoard(); // the board thought otherwise: correct it
            return false;
        }
        await Change(state with { Duty = DutyState.Assigned, Assignment = incidentId });
        return true;
    }

    public async Task Advance(string incidentId, DutyState state)
    {
        var current = _responder.State;
        if (current.Assignment != incidentId || state is not (DutyState.EnRoute or DutyState.OnScene))
            throw new DomainRuleException("rule.not-assigned", Profile.Id, incidentId, state);
        if (current.Duty != state) await Change(current with { Duty = state });
    }

    public async Task Release(string incidentId)
    {
        var state = _responder.State;
        if (state.Assignment != incidentId) return;
        await Change(state with { Assignment = null, Duty = state.OnDuty ? DutyState.Available : DutyState.OffDuty });
    }

    /// <summary>Stores a new state (not done if the write fails), then tells the district's dispatch board and the responder's phone.</summary>
    private async Task Change(ResponderState next)
    {
        await _responder.ReplaceStateAsync(next with { Version = _responder.State.Version + 1 });
        TellBoard();
        var stored = _responder.State;
        _events.Publish(new ResponderChanged(Profile.Id, stored.Duty, stored.Assignment, stored.Version));
    }

    /// <summary>Without waiting: the board is a cache that a lost update leaves one change behind, until the next.</summary>
    private void TellBoard() =>
        _ = GrainFactory.GetGrain<IDispatchGrain>(RegionCode.Parse(Profile.HomeCommunity).District.ToString()).UpdateResponder(Availability());

    private ResponderAvailability Availability()
    {
        var s = _responder.State;
        var where = s.LastPosition is { } p ? new Whereabouts(p.Longitude, p.Latitude, p.At) : new Whereabouts(Profile.Home.X, Profile.Home.Y, null);
        return new ResponderAvailability(Profile.Id, Profile.Role, [.. Profile.QualifiedSkills(ChongqingTime.Today(_clock))], Profile.Mode,
            Profile.HomeCommunity, where, s.Duty, s.Version);
    }

    public Task<ResponderStatus> GetStatus() => Task.FromResult(Status());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_responder.RecordExists) await TellCommunity(); // a report lost to a crash arrives now
        if (_responder.State.OnDuty) TellBoard();
    }

    /// <summary>Tells the community (and a grid worker's grid) this responder's duty: absolute and versioned, so a repeat is ignored.</summary>
    private async Task TellCommunity()
    {
        var duty = new ResponderDuty(Profile.Id, Profile.Role, [.. Profile.Skills], _responder.State.OnDuty, _responder.State.Version);
        await GrainFactory.GetGrain<ICommunityGrain>(Profile.HomeCommunity).SetResponderDuty(duty);
        if (Profile.Role == ResponderRole.GridWorker) await GrainFactory.GetGrain<IGridGrain>(ResponderIds.RegionOf(Profile.Id).ToString()).SetWorkerDuty(duty);
    }

    private ResponderStatus Status()
    {
        var s = _responder.State;
        return new(Profile.Id, Profile.Role, Profile.HomeCommunity, [.. Profile.Skills], Profile.Mode,
            s.OnDuty, s.DutyChangedAt, s.DutyChangedBy, s.LastPosition, s.Duty, s.Assignment,
            [.. Profile.Certificates], [.. Profile.QualifiedSkills(ChongqingTime.Today(_clock))]);
    }
}
