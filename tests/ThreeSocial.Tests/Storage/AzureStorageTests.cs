using ThreeSocial.Benchmarks.Storage;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>One real Azurite (Blob and Table) for every test that needs one; each test gets a container and service of its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public AzuriteServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await AzuriteServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>
    /// Silo settings for Orleans' Azure Storage providers: a container of its own for state and journals, and a service
    /// id of its own, which is what keeps its reminders apart in the shared reminder table.
    /// </summary>
    public Dictionary<string, string?> NewStorage()
    {
        var id = Guid.NewGuid().ToString("N");
        return new()
        {
            ["Storage:Provider"] = "AzureStorage",
            ["Storage:AzureStorage:ConnectionString"] = Server.ConnectionString,
            ["Storage:AzureStorage:Container"] = "t" + id,
            ["Cluster:ServiceId"] = "s" + id,
        };
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}

[Collection(AzuriteCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class AzureStorageConformanceTests(AzuriteFixture azurite) : ProviderConformanceTests
{
    protected override Task<IReadOnlyDictionary<string, string?>> NewStorageAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(azurite.NewStorage());
}
