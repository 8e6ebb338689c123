using System.Collections.Immutable;
using ThreeSocial.Grains.Common;
using ThreeSocial.Grains.Communities;
using ThreeSocial.Grains.Geography;
using ThreeSocial.Grains.Grids;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Runtime;
using ThreeSocial.Runtime.Storage;

namespace ThreeSocial.Grains.Responders;

public sealed record ResponderState
{
    public DutyState Duty { get; init; }

    /// <summary>The incident this responder is assigned to, while assigned, en route or on scene.</summary>
    public string? Assignment { get; init; }
    public bool OnDuty => Duty != DutyState.OffDuty;
    public DateTimeOffset? DutyChangedAt { get; init; }
    public string? DutyChangedBy { get; init; }
    public Position? LastPosition { get; init; }
    public long Version { get; init; }
}

public sealed class ResponderGrain : Grain, IResponderGrain
{
    private readonly IPersistentState<ResponderState> _responder;
    private readonly ResponderSeed _profile;
    private readonly TimeProvider _clock;
    private readonly RegionCatalog _catalog;

    public ResponderGrain([PersistentState("responder")] IPersistentState<ResponderState> responder, RegionCatalog catalog, TimeProvider clock)
    {
        _responder = responder;
        _clock = clock;
        _catalog = catalog;
        _profile = catalog.Responder(GetPrimaryKeyString()) ?? throw new NotFoundException($"No responder is registered as {GetPrimaryKeyString()}.");
    }

    public async Task<ResponderStatus> SetDuty(bool onDuty, string actor)
    {
        Require.Text(actor, nameof(actor), 64);
        var state = _responder.State;
        if (state.OnDuty != onDuty)
        {
            _responder.State = state with { Duty = onDuty ? DutyState.Available : DutyState.OffDuty, DutyChangedAt = ChongqingTime.Now(_clock), DutyChangedBy = actor, Version = state.Version + 1 };
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

    public async Task<ResponderStatus> ReportPosition(Position position)
    {
        var bounds = _catalog.Bounds;
        if (!double.IsFinite(position.Longitude) || !double.IsFinite(position.Latitude)
            || position.Longitude < bounds.MinX - 0.5 || position.Longitude > bounds.MaxX + 0.5
            || position.Latitude < bounds.MinY - 0.5 || position.Latitude > bounds.MaxY + 0.5)
            throw new ArgumentException($"({position.Longitude}, {position.Latitude}) is not near Chongqing.", nameof(position));
        var now = _clock.GetUtcNow();
        if (position.At > now.AddMinutes(2) || position.At < now.AddDays(-1))
            throw new ArgumentException("A position's time is within the last day and not in the future.", nameof(position.At));
        if (position.AccuracyMeters is < 0 or > 100_000) throw new ArgumentOutOfRangeException(nameof(position.AccuracyMeters));
        var state = _responder.State;
        if (state.LastPosition is { } held && held.At >= position.At) return Status(); // a late or repeated fix
        _responder.State = state with { LastPosition = position };
        try
        {
            await _responder.WriteStateAsync();
        }
        catch
        {
            _responder.State = state;
            throw;
        }
        return Status();
    }

    public Task<ResponderStatus> GetStatus() => Task.FromResult(Status());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (_responder.RecordExists) await TellCommunity(); // a report lost to a crash arrives now
    }

    /// <summary>Tells the community (and a grid worker's grid) this responder's duty: absolute and versioned, so a repeat is ignored.</summary>
    private async Task TellCommunity()
    {
        var duty = new ResponderDuty(_profile.Id, _profile.Role, [.. _profile.Skills], _responder.State.OnDuty, _responder.State.Version);
        await GrainFactory.GetGrain<ICommunityGrain>(_profile.HomeCommunity).SetResponderDuty(duty);
        if (_profile.Role == ResponderRole.GridWorker) await GrainFactory.GetGrain<IGridGrain>(GridOf(_profile.Id)).SetWorkerDuty(duty);
    }

    private static string GridOf(string gridWorkerId) => gridWorkerId[..gridWorkerId.IndexOf('-')]; // "{grid code}-GW01"

    private ResponderStatus Status()
    {
        var s = _responder.State;
        return new(_profile.Id, _profile.Role, _profile.HomeCommunity, [.. _profile.Skills], _profile.Mode,
            s.OnDuty, s.DutyChangedAt, s.DutyChangedBy, s.LastPosition, s.Duty, s.Assignment,
            [.. _profile.Certificates], [.. _profile.QualifiedSkills(ChongqingTime.Today(_clock))]);
    }
}
