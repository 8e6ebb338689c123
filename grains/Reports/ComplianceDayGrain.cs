using System.Collections.Immutable;
using System.Globalization;
using ThreeSocial.Grains.Regions;
using ThreeSocial.Journal;

namespace ThreeSocial.Grains.Reports;

/// <remarks>
/// Pushes are one-way and carry whole records and tallies by version, so a repeat or a reordering changes nothing; a
/// push lost in a crash is made good by the next change of the same incident or child (the figures are a report, the
/// incident's journal is the record).
/// </remarks>
public sealed class ComplianceDayGrain([Journal("compliance-day")] IJournal<ComplianceDayState, ComplianceDayChange> journal) : Grain, IComplianceDayGrain
{
    public static string KeyFor(RegionCode region, DateOnly day) => $"{region}:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    private ComplianceDayState State => journal.State;
    private (RegionCode Region, DateOnly Date)? _key;
    private (RegionCode Region, DateOnly Date) Key => _key ??= ParseKey(this.GetPrimaryKeyString());
    private RegionCode Region => Key.Region;
    private DateOnly Date => Key.Date;

    private static (RegionCode, DateOnly) ParseKey(string key) =>
        (RegionCode.Parse(key[..key.IndexOf(':')]), DateOnly.ParseExact(key[(key.IndexOf(':') + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture));

    public async Task Put(ComplianceRecord record)
    {
        if (State.Records.TryGetValue(record.IncidentId, out var held) && held.Version >= record.Version) return;
        var before = Tally();
        await journal.AppendAsync([new ComplianceDayChange(Record: record)]);
        await TellParent(before);
    }

    public async Task PutChild(string child, ComplianceTally tally, long version)
    {
        if (State.Children.TryGetValue(child, out var held) && held.Version >= version) return;
        var before = Tally();
        await journal.AppendAsync([new ComplianceDayChange(Child: child, Tally: new ChildTally(tally, version))]);
        await TellParent(before);
    }

    public Task<ComplianceDay> Get() => Task.FromResult(new ComplianceDay(Region.ToString(), Date, Tally(),
        [.. State.Children.Where(c => c.Value.Tally.Missed > 0).Select(c => c.Key).Order(StringComparer.Ordinal)],
        [.. State.Records.Values.SelectMany(ComplianceMiss.Of).OrderBy(m => m.ReportedAt).ThenBy(m => m.IncidentId, StringComparer.Ordinal)]));

    private ComplianceTally Tally() => State.Records.IsEmpty
        ? ComplianceTally.Sum(State.Children.Values.Select(c => c.Tally))
        : ComplianceTally.Of(State.Records.Values);

    private async Task TellParent(ComplianceTally before)
    {
        var after = Tally();
        if (after == before || Region.Parent is not { } parent) return;
        await GrainFactory.GetGrain<IComplianceDayGrain>(KeyFor(parent, Date)).PutChild(Region.ToString(), after, State.Version);
    }
}
