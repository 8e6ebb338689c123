namespace ThreeSocial.Grains.Regions;

/// <summary>The live figures a region sums from the regions below it. Additive, so a parent is the sum of its children.</summary>
[GenerateSerializer, Immutable, Alias("ts.RollupTotals")]
public sealed record RollupTotals
{
    public static readonly RollupTotals Zero = new();

    [Id(0)] public int GridWorkersOnDuty { get; init; }
    [Id(1)] public int VolunteersOnDuty { get; init; }
    [Id(2)] public int SocialWorkersOnDuty { get; init; }
    [Id(3)] public int PropertyStaffOnDuty { get; init; }
    [Id(4)] public int MealsBookedToday { get; init; }
    [Id(5)] public int MealsServedToday { get; init; }

    /// <summary>Stockpiles where at least one category's usable stock is below its minimum level.</summary>
    [Id(6)] public int LowStockStockpiles { get; init; }

    [Id(7)] public int OpenIncidents { get; init; }
    [Id(8)] public int OpenEmergencies { get; init; }

    /// <summary>Open incidents that were escalated: no local answer met the deadline, or a deadline passed.</summary>
    [Id(9)] public int IncidentsEscalated { get; init; }

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
