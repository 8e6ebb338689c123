using System.Collections.Immutable;

namespace ThreeSocial.Grains.Alerts;

/// <summary>The alerts of one jurisdiction (key: street or district code), newest first; the alerts themselves hold the detail.</summary>
[Alias("ts.IAlertInboxGrain")]
public interface IAlertInboxGrain : IGrainWithStringKey
{
    Task Track(InboxEntry entry);

    [ReadOnly] Task<ImmutableArray<InboxEntry>> List(AlertStatus? status, string? kind, int take);
}
