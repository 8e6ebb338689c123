using System.Collections.Immutable;
using ThreeSocial.Journal;

namespace ThreeSocial.TestGrains;

public sealed record Added(int Amount);

/// <summary>A running total built only from its events; refuses to go negative.</summary>
public sealed record TallyState : IJournaledState<TallyState, Added>
{
    public int Total { get; init; }
    public int Events { get; init; }

    public TallyState Apply(Added e) =>
        Total + e.Amount < 0
            ? throw new ArgumentOutOfRangeException(nameof(e), "A tally never goes below zero.")
            : this with { Total = Total + e.Amount, Events = Events + 1 };
}

[Alias("test.IJournalProbeGrain")]
public interface IJournalProbeGrain : IGrainWithStringKey
{
    Task Add(ImmutableArray<int> amounts);
    Task<(int Total, int Events, long Length)> View();
    Task<ImmutableArray<int>> History(long afterNumber, int take);
    Task<string> GetActivationId();
}

public sealed class JournalProbeGrain([Journal("tally")] IJournal<TallyState, Added> tally) : Grain, IJournalProbeGrain
{
    public Task Add(ImmutableArray<int> amounts) => tally.AppendAsync([.. amounts.Select(a => new Added(a))]);

    public Task<(int Total, int Events, long Length)> View() => Task.FromResult((tally.State.Total, tally.State.Events, tally.Length));

    public Task<string> GetActivationId() => Task.FromResult(GrainContext.ActivationId.ToString());

    public async Task<ImmutableArray<int>> History(long afterNumber, int take) =>
        [.. (await tally.ReadAsync(afterNumber, take)).Select(e => e.Amount)];
}
