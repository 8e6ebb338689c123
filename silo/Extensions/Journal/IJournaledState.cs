namespace ThreeSocial.Journal;

/// <summary>A state rebuilt from its history: each event turns one state into the next, with no side effects.</summary>
public interface IJournaledState<TState, in TEvent> where TState : IJournaledState<TState, TEvent>
{
    TState Apply(TEvent e);
}
