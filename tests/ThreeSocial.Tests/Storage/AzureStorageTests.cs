using System.Text;
using Azure.Storage.Blobs;
using Orleans.Storage;
using ThreeSocial.Journal;
using ThreeSocial.Storage;
using ThreeSocial.Storage.AzureStorage;
using ThreeSocial.Storage.Hosting;
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

/// <summary>Our journal store on real Azurite when the network loses an answer, as a busy server's slow reply does.</summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", TestCategory.Storage)]
public sealed class BlobLogStoreRetryTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_append_whose_answer_is_lost_is_retried_by_the_SDK_and_counts_once_not_as_a_conflict()
    {
        var lose = new LoseFirstCommitAnswer();
        var options = AzureClients.Blobs();
        options.AddPolicy(lose, Azure.Core.HttpPipelinePosition.PerRetry);
        var store = new BlobLogStore(new BlobContainerClient(azurite.Server.ConnectionString, "t" + Guid.NewGuid().ToString("N"), options));
        var id = new GrainKey("retry", Guid.NewGuid().ToString("N"));
        await store.AppendAsync("log", id, 0, [Encoding.UTF8.GetBytes("first")]);

        lose.Armed = true;
        await store.AppendAsync("log", id, 1, [Encoding.UTF8.GetBytes("second"), Encoding.UTF8.GetBytes("third")]);

        Assert.Equal(1, lose.Lost); // the committed list's answer was lost once, so the SDK did send the commit again
        Assert.Equal(["first", "second", "third"], (await store.ReadLogAsync("log", id, 0, 100)).Select(Encoding.UTF8.GetString));
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.AppendAsync("log", id, 1, [Encoding.UTF8.GetBytes("stale")]));
    }

    /// <summary>Lets the first block-list commit reach the server, then drops its answer as a broken connection would.</summary>
    private sealed class LoseFirstCommitAnswer : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public volatile bool Armed;
        public int Lost;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("the store is asynchronous");

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (Armed && message.Request.Uri.Query.Contains("comp=blocklist", StringComparison.Ordinal)
                && message.Request.Method == Azure.Core.RequestMethod.Put && Interlocked.Exchange(ref Lost, 1) == 0)
                throw new IOException("the answer was lost on the way back");
        }
    }
}
