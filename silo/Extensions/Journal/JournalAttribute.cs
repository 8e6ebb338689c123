using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using ThreeSocial.Storage;

namespace ThreeSocial.Journal;

/// <summary>Marks a grain constructor's <see cref="IJournal{TState,TEvent}"/> parameter: the log of that name.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class JournalAttribute(string name) : Attribute, IFacetMetadata
{
    public string Name { get; } = name;
}

/// <summary>
/// Orleans' hook for constructor facets (the one [PersistentState] uses): builds the journal over the silo's
/// <see cref="ILogStore"/> and has it read in the activation's SetupState stage, before OnActivateAsync.
/// </summary>
internal sealed class JournalAttributeMapper : IAttributeToFactoryMapper<JournalAttribute>
{
    public Factory<IGrainContext, object> GetFactory(ParameterInfo parameter, JournalAttribute attribute)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IJournal<,>))
            throw new InvalidOperationException($"[Journal(\"{attribute.Name}\")] must mark an IJournal<TState, TEvent> parameter, not {type.Name}.");
        var journalType = typeof(LogJournal<,>).MakeGenericType(type.GetGenericArguments());
        return context =>
        {
            var store = context.ActivationServices.GetRequiredService<ILogStore>();
            var journal = (ILifecycleObserver)Activator.CreateInstance(journalType, attribute.Name, GrainKey.Of(context.GrainId), store)!;
            context.ObservableLifecycle.Subscribe($"Journal:{attribute.Name}", GrainLifecycleStage.SetupState, journal);
            return journal;
        };
    }
}
