using System.Reflection;
using ThreeSocial.Silo.DemoCity;
using ThreeSocial.Silo.Rollups;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>
/// Orleans' ADO.NET storage (PostgreSQL) keys a state by its name and the grain's key, not the grain's type: two grain
/// types with the same key and state name would read and overwrite one record. Every state name belongs to one type.
/// </summary>
[Trait("Category", TestCategory.Unit)]
public sealed class GrainStateNamesTests
{
    [Fact]
    public void Every_persistent_state_name_belongs_to_one_grain_type_and_none_is_a_service_record_name()
    {
        var states = typeof(ThreeSocial.Grains.Alerts.AlertGrain).Assembly.GetTypes()
            .Where(t => t.IsClass && typeof(Grain).IsAssignableFrom(t))
            .SelectMany(t => t.GetConstructors().SelectMany(c => c.GetParameters())
                .Select(p => p.GetCustomAttribute<PersistentStateAttribute>()).OfType<PersistentStateAttribute>()
                .Select(a => (Name: a.StateName, Grain: t.Name)))
            .ToList();

        Assert.True(states.Count >= 10, $"the grains' states are found ({states.Count})"); // the scan sees them
        var shared = states.GroupBy(s => s.Name).Where(g => g.Select(s => s.Grain).Distinct().Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(shared);
        Assert.DoesNotContain(states, s => s.Name is RollupRepair.MarkerState or DemoCityLoader.MarkerState);
    }
}
