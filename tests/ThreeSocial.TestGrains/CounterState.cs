namespace ThreeSocial.TestGrains;

public sealed record CounterState
{
    public long Value { get; init; }
}
