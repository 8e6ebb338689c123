using ThreeSocial.Runtime;

namespace ThreeSocial.TestGrains;

public interface IBadActivationGrain : IGrainWithStringKey
{
    Task<long> GetActivationId();
}

/// <summary>Fails OnActivateAsync while ProbeLog.FailActivation holds its key.</summary>
public sealed class BadActivationGrain : Grain, IBadActivationGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        ProbeLog.Add(GetPrimaryKeyString(), "activate-attempt");
        await Task.Delay(200, cancellationToken); // long enough for other calls to queue behind it
        if (ProbeLog.FailActivation.ContainsKey(GetPrimaryKeyString()))
            throw new InvalidOperationException($"activation refused for {GetPrimaryKeyString()}");
    }

    public Task<long> GetActivationId() => Task.FromResult(ActivationId);
}

public interface IThrowingConstructorGrain : IGrainWithStringKey
{
    Task Ping();
}

/// <summary>Refuses to be constructed, as a grain whose key names nothing that exists does.</summary>
public sealed class ThrowingConstructorGrain : Grain, IThrowingConstructorGrain
{
    public ThrowingConstructorGrain() => throw new KeyNotFoundException($"nothing is called {GetPrimaryKeyString()}");

    public Task Ping() => Task.CompletedTask;
}
