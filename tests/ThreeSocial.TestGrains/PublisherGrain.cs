using ThreeSocial.Runtime;

namespace ThreeSocial.TestGrains;

public sealed record Published(int Number);

public interface IPublisherGrain : IGrainWithStringKey
{
    Task<int> Publish(int count);
}

public sealed class PublisherGrain : Grain, IPublisherGrain
{
    public Task<int> Publish(int count)
    {
        for (var i = 0; i < count; i++) PublishEvent(new Published(i));
        return Task.FromResult(count);
    }
}
