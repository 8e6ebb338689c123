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
