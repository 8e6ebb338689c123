using ThreeSocial.Grains.Alerts;
using ThreeSocial.Grains.Incidents;
using ThreeSocial.Grains.Stockpiles;

namespace ThreeSocial.Grains.Common;

/// <summary>The data files the grains run on, read and checked together.</summary>
public static class ReferenceData
{
    /// <summary>Called at start: a typo in supply-categories.json, playbooks.json or alert-rules.json (a playbook's
    /// unknown category, an alert kind without its rule) fails the start, not an incident hours later.</summary>
    public static void Check()
    {
        _ = SupplyCatalog.All;
        _ = Playbooks.All;
        _ = AlertRules.All;
    }
}
