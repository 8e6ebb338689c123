using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Calendar;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Common;

/// <summary>The data files the grains run on, as DI singletons beside the region catalogue.</summary>
public static class ReferenceData
{
    /// <summary>
    /// Reads and checks them now, while the host is being built: a typo in supply-categories.json, playbooks.json,
    /// alert-rules.json or holidays.json (a playbook's unknown category, an alert kind without its rule) fails the start, not an
    /// incident hours later.
    /// </summary>
    public static IServiceCollection AddReferenceData(this IServiceCollection services)
    {
        var supplies = SupplyCatalog.Load();
        services.TryAddSingleton(supplies);
        services.TryAddSingleton(Playbooks.Load(supplies));
        services.TryAddSingleton(AlertRules.Load());
        services.TryAddSingleton(HolidayTable.Shipped());
        return services;
    }
}
