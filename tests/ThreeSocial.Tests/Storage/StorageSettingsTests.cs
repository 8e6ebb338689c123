using ThreeSocial.Silo;
using Xunit;

namespace ThreeSocial.Tests.Storage;

/// <summary>Settings a deployer gets wrong are refused at start with a message that says what to set.</summary>
[Trait("Category", TestCategory.Unit)]
public sealed class StorageSettingsTests
{
    [Fact]
    public void SQLite_with_a_clustered_provider_refuses_to_start_and_says_why()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloApplication.Build(["--Cluster:Provider", "Postgres", "--Storage:Postgres:ConnectionString", "Host=127.0.0.1"]));

        Assert.Contains("a SQLite file serves one silo only", error.Message);
        Assert.Contains("Storage:Provider to Postgres or AzureStorage", error.Message);
    }

    [Theory]
    [InlineData("Storage:Provider", "AzureBlob", "Storage:Provider 'AzureBlob' is not one of Sqlite, Postgres, AzureStorage.")] // the name before #10
    [InlineData("Cluster:Provider", "Consul", "Cluster:Provider 'Consul' is not one of Localhost, Postgres, AzureStorage.")]
    public void An_unknown_provider_is_refused_with_the_ones_there_are(string setting, string value, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloApplication.Build(["--" + setting, value]));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void A_provider_without_its_connection_string_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => SiloApplication.Build(["--Storage:Provider", "AzureStorage"]));

        Assert.Contains("Storage:AzureStorage:ConnectionString is required", error.Message);
    }
}
