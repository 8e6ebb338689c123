using System.Collections.Immutable;

namespace ThreeSocial.Grains.TimeBank;

/// <summary>A volunteer's ledger lines, oldest first. Lines are only ever added.</summary>
public sealed record TimeBankState
{
    public ImmutableList<TimeBankEntry> Entries { get; init; } = [];
}
