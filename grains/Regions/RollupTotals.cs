namespace ThreeSocial.Grains.Regions;

/// <summary>The live figures a region sums from the regions below it. Additive, so a parent is the sum of its children.</summary>
public sealed record RollupTotals
{
    public static readonly RollupTotals Zero = new();

    public int GridWorkersOnDuty { get; init; }
    public int VolunteersOnDuty { get; init; }
    public int SocialWorkersOnDuty { get; init; }
    public int PropertyStaffOnDuty { get; init; }
    public int MealsBookedToday { get; init; }
    public int MealsServedToday { get; init; }

    /// <summary>Stockpiles where at least one category's usable stock is below its minimum level.</summary>
    public int LowStockStockpiles { get; init; }

    public int OpenIncidents { get; init; }
    public int OpenEmergencies { get; init; }

    /// <summary>Open incidents that were escalated: no local answer met the deadline, or a deadline passed.</summary>
    public int IncidentsEscalated { get; init; }

    public int PeopleOnDuty => GridWorkersOnDuty + VolunteersOnDuty + SocialWorkersOnDuty + PropertyStaffOnDuty;

    public RollupTotals Plus(RollupTotals other) => new()
    {
        GridWorkersOnDuty = GridWorkersOnDuty + other.GridWorkersOnDuty,
        VolunteersOnDuty = VolunteersOnDuty + other.VolunteersOnDuty,
        SocialWorkersOnDuty = SocialWorkersOnDuty + other.SocialWorkersOnDuty,
        PropertyStaffOnDuty = PropertyStaffOnDuty + other.PropertyStaffOnDuty,
        MealsBookedToday = MealsBookedToday + other.MealsBookedToday,
        MealsServedToday = MealsServedToday + other.MealsServedToday,
        LowStockStockpiles = LowStockStockpiles + other.LowStockStockpiles,
        OpenIncidents = OpenIncidents + other.OpenIncidents,
        OpenEmergencies = OpenEmergencies + other.OpenEmergencies,
        IncidentsEscalated = IncidentsEscalated + other.IncidentsEscalated,
    };

    public static RollupTotals Sum(IEnumerable<RollupTotals> parts) => parts.Aggregate(Zero, (a, b) => a.Plus(b));
}

/// <summary>A child's whole contribution at one version: re-sending it is harmless, an older one is ignored.</summary>
public sealed record ChildReport(string ChildCode, long Version, RollupTotals Totals);

public static class RegionCodes
{
    /// <summary>
    /// The code of the region one level up: grid → community → street → district → city. A stockpile
    /// ("{owner}-S01") reports to the street or district grain that rolls up its owner (communities are not region grains);
    /// an incident to its street.
    /// </summary>
    public static string? Parent(string code) => code.StartsWith(Incidents.IncidentIds.Prefix, StringComparison.Ordinal)
        ? Incidents.IncidentIds.StreetOf(code)
        : code.IndexOf("-S", StringComparison.Ordinal) switch
    {
        12 => code[..9],
        9 or 6 => code[..code.IndexOf('-')],
        > 0 => null,
        _ => RegionParent(code),
    };

    private static string? RegionParent(string code) => code.Length switch
    {
        15 => code[..12],
        12 => code[..9],
        9 => code[..6],
        6 when code != Geography.ChongqingDistricts.CityCode => Geography.ChongqingDistricts.CityCode,
        _ => null,
    };
}
