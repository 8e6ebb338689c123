using ThreeSocial.Storage;
using ThreeSocial.Storage.AzureBlob;
using ThreeSocial.Benchmarks.Storage;
using ThreeSocial.Tests.Support;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>One real Azurite for every test that needs one; each test gets a container of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public AzuriteServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AzuriteServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    public AzureBlobStorageOptions NewContainer() => new()
    {
        Endpoint = Server.Endpoint.ToString(), AccountName = AzuriteServer.Account, AccountKey = AzuriteServer.Key,
        Container = "t" + Guid.NewGuid().ToString("N"),
    };
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStorageConformanceTests(AzuriteFixture azurite) : StorageConformanceTests
{
    private AzureBlobStorageOptions? _options;
    private AzureBlobGrainStorage? _store;

    protected override Task<(IStateStore, IReminderStore)> OpenAsync()
    {
        _options ??= azurite.NewContainer();
        _store = new AzureBlobGrainStorage(_options);
        return Task.FromResult<(IStateStore, IReminderStore)>((_store, _store));
    }

    protected override Task<(IStateStore, IReminderStore)> ReopenAsync()
    {
        _store!.Dispose();
        return OpenAsync();
    }

    public override Task DisposeAsync()
    {
        _store?.Dispose();
        return Task.CompletedTask;
    }
}
